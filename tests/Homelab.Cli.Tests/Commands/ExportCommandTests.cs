using System.Net;
using System.Text.Json.Nodes;
using Homelab.Api.Serialization;
using Homelab.Cli.Client;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Cli.Tests.Commands;

/// <summary>`hlctl export kubernetes -n NS|-A` reads what homelabd holds, Secrets too (their values only with --include-secrets).</summary>
public sealed class ExportCommandTests
{
    private const string Root = "/apis/homelab.dev/v1alpha1";
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private static readonly Dictionary<string, JsonObject[]> Stored = new(StringComparer.Ordinal)
    {
        ["namespaces"] = [Object("Namespace", "data", null, null), Object("Namespace", "media", null, null)],
        ["secrets"] = [Object("Secret", "pw", "data", null, new JsonObject { ["password"] = "aHVudGVyMg==" })],
        ["services"] =
        [
            Object("Service", "postgres", "data", JsonNode.Parse("""{"image": "postgres:16", "secrets": [{"name": "pw", "mountPath": "/run/secrets/pw"}]}""")!.AsObject()),
            Object("Service", "jellyfin", "media", JsonNode.Parse("""{"image": "jellyfin:10"}""")!.AsObject()),
        ],
        ["networkpolicies"] = [],
        ["updatepolicies"] = [],
        ["imagepolicies"] = [],
        ["routes"] = [],
        ["issuers"] = [],
    };

    private async Task<(int ExitCode, ScriptedApi Api)> RunAsync(params string[] args)
    {
        var api = new ScriptedApi((_, path, _, _) =>
        {
            var parts = path.Split('/');
            var ns = parts.Length > 5 && parts[4] == "namespaces" ? parts[5] : null;
            var items = Stored[parts[^1]].Where(o => ns is null || JsonText.Namespace(o) == ns).Select(o => o.DeepClone());
            return (HttpStatusCode.OK, new JsonObject { ["kind"] = "List", ["metadata"] = new JsonObject { ["resourceVersion"] = "1" }, ["items"] = new JsonArray([.. items]) }.ToJsonString());
        });
        var ctx = new CliContext(_out, _err, new FakeTimeProvider(), socket => new HomelabClient(socket, api), _ => null, new StringReader(""));
        return (await CliApp.RunAsync(["export", "kubernetes", .. args], ctx, CancellationToken.None), api);
    }

    [Fact]
    public async Task With_n_only_that_namespace_and_its_own_Namespace_are_exported()
    {
        var (exitCode, api) = await RunAsync("-n", "data", "--include-secrets");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains($"{Root}/namespaces/data/secrets", api.Requests.Select(r => r.Path));
        var yaml = _out.ToString();
        Assert.Contains("name: data", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("media", yaml, StringComparison.Ordinal);
        Assert.Contains("kind: Secret\nmetadata:\n  name: pw\n  namespace: data\ndata:\n  password: aHVudGVyMg==", yaml, StringComparison.Ordinal);
        Assert.Contains("secretName: pw", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_include_secrets_no_value_is_written_and_the_Secret_is_named()
    {
        var (exitCode, _) = await RunAsync("-A");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.DoesNotContain("aHVudGVyMg==", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("name: media", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("Warning: Secret data/pw: data: not exported without --include-secrets", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("Warning: Service data/postgres: spec.secrets[0].name: Secret pw is not in this export", _err.ToString(), StringComparison.Ordinal);
    }

    private static JsonObject Object(string kind, string name, string? ns, JsonObject? spec, JsonObject? data = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        var obj = new JsonObject { ["apiVersion"] = "homelab.dev/v1alpha1", ["kind"] = kind, ["metadata"] = metadata };
        if (spec is not null)
        {
            obj["spec"] = spec;
        }
        if (data is not null)
        {
            obj["data"] = data;
        }
        return obj;
    }
}
