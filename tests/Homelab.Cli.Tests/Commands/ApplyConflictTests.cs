using System.Net;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Cli.Client;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Cli.Tests.Commands;

public sealed class ApplyConflictTests : IDisposable
{
    private const string ServicesPath = "/apis/homelab.dev/v1alpha1/namespaces/default/services";
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"hltest-cli-{Guid.NewGuid():N}.yaml");
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public ApplyConflictTests() => File.WriteAllText(_file, "apiVersion: homelab.dev/v1alpha1\nkind: Service\nmetadata: {name: web}\nspec: {image: nginx:1.28}\n");

    public void Dispose() => File.Delete(_file);

    private static string LiveList(int resourceVersion) => $$"""
        {"apiVersion": "homelab.dev/v1alpha1", "kind": "ServiceList", "metadata": {"resourceVersion": "{{resourceVersion}}"},
         "items": [{"apiVersion": "homelab.dev/v1alpha1", "kind": "Service",
                    "metadata": {"name": "web", "namespace": "default", "resourceVersion": "{{resourceVersion}}", "generation": 1},
                    "spec": {"image": "nginx:1.27"} }] }
        """;

    private const string Conflict = """{"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Conflict", "code": 409, "message": "services \"web\": the object has been modified"}""";

    private async Task<(int ExitCode, ScriptedApi Api)> ApplyAsync(Func<int, (HttpStatusCode, string)> batch)
    {
        var api = new ScriptedApi((method, path, _, count) =>
            path == ServicesPath ? (HttpStatusCode.OK, LiveList(5 + count))
            : path == ApiPaths.Batch ? batch(count)
            : path == ApiPaths.Version ? (HttpStatusCode.OK, """{"version": "test"}""")
            : (HttpStatusCode.NotFound, """{"kind": "Status", "reason": "NotFound", "code": 404, "message": "no route"}"""));
        var ctx = new CliContext(_out, _err, new FakeTimeProvider(), socket => new HomelabClient(socket, api), _ => null, new StringReader(""));
        var exitCode = await CliApp.RunAsync(["apply", "-f", _file], ctx, CancellationToken.None);
        return (exitCode, api);
    }

    [Fact]
    public async Task A_conflicting_batch_is_re_planned_from_a_fresh_read_and_retried()
    {
        var (exitCode, api) = await ApplyAsync(count => count == 0 ? (HttpStatusCode.Conflict, Conflict) : (HttpStatusCode.OK, """{"results": [], "resourceVersion": "9"}"""));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal("service/web configured\n", _out.ToString());
        var batches = api.Requests.Where(r => r.Path == ApiPaths.Batch).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal("5", JsonText.String(JsonNode.Parse(batches[0].Body!)!["operations"]![0]!["resourceVersion"]));
        Assert.Equal("6", JsonText.String(JsonNode.Parse(batches[1].Body!)!["operations"]![0]!["resourceVersion"]));
    }

    [Fact]
    public async Task Conflicts_that_keep_coming_fail_after_a_bounded_number_of_attempts()
    {
        var (exitCode, api) = await ApplyAsync(_ => (HttpStatusCode.Conflict, Conflict));

        Assert.Equal(ExitCodes.Error, exitCode);
        Assert.Equal(MaxAttempts, api.Requests.Count(r => r.Path == ApiPaths.Batch));
        Assert.Contains("Error from server (Conflict)", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _out.ToString());
    }

    private const int MaxAttempts = Cli.Commands.ApplyCommand.MaxConflictAttempts;
}
