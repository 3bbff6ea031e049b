using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>Secrets through the real hlctl and homelabd: created, applied, diffed, described and deleted, never shown.</summary>
[Trait("Category", "EndToEnd")]
public sealed class SecretEndToEndTests : IAsyncLifetime
{
    private const string Password = "pw-e2e-never-shown-51ac";
    private const string NewPassword = "pw-e2e-changed-77b0";
    private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-cli-secrets-");

    public Task InitializeAsync() => _host.Daemon.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => _host.Hl(args);

    private static string SecretYaml(string password) => $"""
        apiVersion: homelab.dev/v1alpha1
        kind: Secret
        metadata: {"{"}name: db{"}"}
        stringData:
          password: {password}
          user: admin
        """;

    private static void AssertHidden(params string[] texts)
    {
        foreach (var text in texts)
        {
            foreach (var value in new[] { Password, NewPassword })
            {
                Assert.DoesNotContain(value, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Apply_get_describe_and_diff_never_show_a_value_and_show_secrets_does()
    {
        var file = _host.Write("secret.yaml", SecretYaml(Password));
        // A Secret has no Ready condition: --wait has nothing to wait for.
        var apply = await Hl("apply", "-f", file, "--wait", "--timeout", "10s");
        Assert.True(apply.ExitCode == 0, apply.Err);
        Assert.Equal("secret/db created\n", apply.Out);
        Assert.Equal("secret/db unchanged\n", (await Hl("apply", "-f", file)).Out);

        var table = await Hl("get", "secrets");
        Assert.Matches(@"^NAME\s+TYPE\s+DATA\s+AGE\ndb\s+Opaque\s+2\s+\S+\n$", table.Out);
        var yaml = await Hl("get", "secret", "db", "-o", "yaml");
        Assert.Contains($"password: '<hidden: {Password.Length} bytes; --show-secrets prints it>'", yaml.Out, StringComparison.Ordinal);
        var json = await Hl("get", "secret", "db", "-o", "json", "--show-secrets");
        var shown = JsonNode.Parse(json.Out)!;
        Assert.Equal(Password, Encoding.UTF8.GetString(Convert.FromBase64String(shown["data"]!["password"]!.GetValue<string>())));
        // The last-applied annotation kept the keys, not the values.
        Assert.Equal("""{"password":"","user":""}""", JsonNode.Parse(shown["metadata"]!["annotations"]![ApiGroup.LastAppliedAnnotation]!.GetValue<string>())!["data"]!.ToJsonString());
        var describe = await Hl("describe", "secret", "db");
        Assert.Contains($"password:  {Password.Length} bytes\n", describe.Out, StringComparison.Ordinal);
        Assert.Contains("user:  5 bytes\n", describe.Out, StringComparison.Ordinal);

        _host.Write("secret.yaml", SecretYaml(NewPassword));
        var diff = await Hl("diff", "-f", file);
        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("-  password: '*** (before)'", diff.Out, StringComparison.Ordinal);
        Assert.Contains("+  password: '*** (after)'", diff.Out, StringComparison.Ordinal);
        Assert.Contains("   user: '***'", diff.Out, StringComparison.Ordinal);
        Assert.Equal("secret/db configured\n", (await Hl("apply", "-f", file)).Out);

        AssertHidden(apply.Out, apply.Err, table.Out, yaml.Out, describe.Out, diff.Out, _host.Daemon.Log);
    }

    [Fact]
    public async Task Create_from_literals_and_files_and_the_client_dry_run_prints_a_manifest_to_keep()
    {
        var keyFile = _host.Write("api.key", "file-content-3e1");

        var created = await Hl("create", "secret", "generic", "api", "--from-literal", $"password={Password}", "--from-file", keyFile, "--from-file", $"renamed={keyFile}");
        var manifest = await Hl("create", "secret", "generic", "local", "--from-literal", "a=b", "--dry-run", "client", "-o", "yaml");

        Assert.True(created.ExitCode == 0, created.Err);
        Assert.Equal("secret/api created\n", created.Out);
        var stored = JsonNode.Parse((await Hl("get", "secret", "api", "-o", "json", "--show-secrets")).Out)!["data"]!;
        Assert.Equal(["api.key", "password", "renamed"], stored.AsObject().Select(p => p.Key));
        Assert.Equal("file-content-3e1", Encoding.UTF8.GetString(Convert.FromBase64String(stored["renamed"]!.GetValue<string>())));
        Assert.Contains("kind: Secret", manifest.Out, StringComparison.Ordinal);
        Assert.Contains("  a: Yg==", manifest.Out, StringComparison.Ordinal);
        Assert.Contains("not found", (await Hl("get", "secret", "local")).Err, StringComparison.Ordinal);
        AssertHidden(created.Out, _host.Daemon.Log);
    }

    [Fact]
    public async Task A_secret_a_service_mounts_is_not_deleted_unless_forced()
    {
        await Hl("apply", "-f", _host.Write("secret.yaml", SecretYaml(Password)));
        await Hl("apply", "-f", _host.Write("web.yaml", """
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: web}
            spec:
              image: nginx:1.27
              secrets: [{name: db, mountPath: /run/secrets/db}]
            """));

        var refused = await Hl("delete", "secret", "db", "--wait=false");
        var forced = await Hl("delete", "secret", "db", "--force", "--wait=false");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("secret \"db\" is used by service web in namespace default; remove it from their spec first, or delete with --force", refused.Err, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.Err);
        Assert.Equal("secret \"db\" deleted\n", forced.Out);
    }
}
