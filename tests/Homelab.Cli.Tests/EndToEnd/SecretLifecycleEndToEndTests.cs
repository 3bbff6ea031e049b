using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// A Secret's whole life through the daemon as shipped, on real Podman: set through hlctl, it reaches the container as a
/// file and nowhere else (store file, API without --show-secrets, events, daemon log, podman inspect), survives a
/// restart and a key rotation, and a change replaces only its consumer.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SecretLifecycleEndToEndTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";
    private const string Password = "lifecycle-pw-9f0e1d2c";
    private const string NewPassword = "lifecycle-pw-rotated-3b4a";

    private readonly InstanceDaemon _host = new("service", "hltest-e2e-secrets-");

    private string Ns => _host.Name;

    private string Container => $"hl-{Ns}-app";

    public Task InitializeAsync() => _host.Daemon.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => _host.Hl(args);

    [Fact]
    public async Task A_value_reaches_only_its_file_and_survives_a_restart_and_a_key_rotation()
    {
        await Hl("apply", "-f", _host.Write("ns.yaml", $"apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata: {{name: {Ns}}}\n"));
        var created = await Hl("create", "secret", "generic", "db", "-n", Ns, "--from-literal", $"password={Password}");
        Assert.True(created.ExitCode == 0, created.Err);
        var apply = await Hl("apply", "-f", _host.Write("app.yaml", App()), "--wait", "--timeout", "120s");
        Assert.True(apply.ExitCode == 0, apply.Err + _host.Daemon.Log);

        Assert.Equal(Password, await CatAsync("/run/secrets/db/password"));
        Assert.Equal(Password, await CatAsync("/etc/app/password.conf"));
        Assert.Equal("400 0:0", (await HostCommand.RunAsync("podman", "exec", Container, "stat", "-c", "%a %u:%g", "/run/secrets/db/password")).Trim());
        var firstId = await ContainerIdAsync();

        // Restart, then rotate the key with the daemon stopped, then start again: the container is adopted, not replaced.
        await _host.Daemon.StopAsync();
        var rotate = await RunHomelabdAsync("rotate-key", "--data-dir", _host.Daemon.DataDir);
        Assert.True(rotate.ExitCode == 0, rotate.Err);
        Assert.StartsWith("secret key rotated: k2 now encrypts 1 Secret(s)", rotate.Out, StringComparison.Ordinal);
        await _host.Daemon.StartAsync();
        Assert.Equal(0, (await Hl("wait", "--for=condition=Ready", "svc/app", "-n", Ns, "--timeout=60s")).ExitCode);
        Assert.Equal(firstId, await ContainerIdAsync());
        var readBack = JsonNode.Parse((await Hl("get", "secret", "db", "-n", Ns, "-o", "json", "--show-secrets")).Out)!;
        Assert.Equal(Password, Encoding.UTF8.GetString(Convert.FromBase64String(readBack["data"]!["password"]!.GetValue<string>())));

        // A new value replaces the container; the file says the new value.
        var change = await Hl("create", "secret", "generic", "db", "-n", Ns, "--from-literal", $"password={NewPassword}", "--dry-run", "client", "-o", "yaml");
        Assert.Equal("secret/db configured\n", (await Hl("apply", "-f", _host.Write("db.yaml", change.Out))).Out);
        await WaitUntilAsync(async () => await ContainerIdAsync() != firstId && await CatAsync("/run/secrets/db/password") == NewPassword);

        var inspect = await HostCommand.RunAsync("podman", "inspect", Container);
        var events = await Hl("events", "-n", Ns);
        var yaml = await Hl("get", "secret", "db", "-n", Ns, "-o", "yaml");
        foreach (var (what, text) in new[] { ("podman inspect", inspect), ("events", events.Out), ("get -o yaml", yaml.Out), ("daemon log", _host.Daemon.Log), ("store", StoreBytes()) })
        {
            foreach (var value in new[] { Password, NewPassword })
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"{what} shows a value");
                Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), StringComparison.Ordinal), $"{what} shows a value, base64");
            }
        }

        Assert.Equal(0, (await Hl("delete", "-f", Path.Combine(_host.Dir, "app.yaml"))).ExitCode);
        Assert.False(Directory.Exists($"/dev/shm/homelab-{_host.Name}") && Directory.EnumerateFileSystemEntries($"/dev/shm/homelab-{_host.Name}").Any(),
            "the Secret files outlived their last consumer");
    }

    private string App() => $$$"""
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata: {name: app, namespace: {{{Ns}}}}
        spec:
          image: {{{Image}}}
          env: [{name: PORT, value: "8080"}]
          stopGracePeriod: 2s
          secrets: [{name: db, mountPath: /run/secrets/db}]
          configFiles: [{mountPath: /etc/app/password.conf, fromSecret: {name: db, key: password}}]
        """;

    private async Task<string> CatAsync(string path) => await HostCommand.RunAsync("podman", "exec", Container, "cat", path);

    private async Task<string> ContainerIdAsync() => (await HostCommand.RunAsync("podman", "inspect", "--format", "{{.Id}}", Container)).Trim();

    /// <summary>The data directory's files as text, so a plain value or its base64 would show.</summary>
    private string StoreBytes() =>
        string.Concat(Directory.GetFiles(_host.Daemon.DataDir, "homelab*.db").Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            return reader.ReadToEnd();
        }));

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if (await done())
                {
                    return;
                }
            }
            catch (InvalidOperationException)
            {
                // The container is being replaced right now.
            }
            await Task.Delay(500);
        }
        Assert.Fail("the change did not reach the container within 60 s");
    }

    private static async Task<ProcessResult> RunHomelabdAsync(params string[] args)
    {
        var info = ProgramUnderTest.StartInfo(Daemon.Program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
