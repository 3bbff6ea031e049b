using System.Net;
using Homelab.Cli.Client;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Cli.Tests.Commands;

/// <summary>`hlctl updates svc/NAME --history`: each update with from → to, its result and why, as the daemon recorded it.</summary>
public sealed class UpdatesHistoryTests
{
    private const string PoliciesPath = "/apis/homelab.dev/v1alpha1/namespaces/media/updatepolicies";
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private const string Policies = """
        {"apiVersion": "homelab.dev/v1alpha1", "kind": "UpdatePolicyList", "metadata": {"resourceVersion": "7"},
         "items": [{"apiVersion": "homelab.dev/v1alpha1", "kind": "UpdatePolicy",
           "metadata": {"name": "nightly", "namespace": "media", "resourceVersion": "7", "generation": 1},
           "spec": {"serviceSelector": {"matchLabels": {"updates": "nightly"}}, "interval": "10s"},
           "status": {"services": [
             {"service": "media/jellyfin", "currentImage": "app:stable@sha256:v2", "lastResult": "RolledBack",
              "history": [
                {"time": "2026-12-05T10:00:00Z", "from": "app:stable@sha256:v1", "to": "app:stable@sha256:v2", "result": "Updated",
                 "message": "app:stable@sha256:v1 → app:stable@sha256:v2: Ready for 30s without a restart", "reason": "Ready for 30s without a restart"},
                {"time": "2026-12-05T10:05:00Z", "from": "app:stable@sha256:v2", "to": "app:stable@sha256:v3", "result": "RolledBack",
                 "message": "…", "reason": "not healthy on the new image within 25s: exited (StartFailed: container exited right after it started (exit code 1))"}]},
             {"service": "media/other", "history": [
                {"time": "2026-12-05T09:00:00Z", "from": "o:1", "to": "o:2", "result": "Updated", "reason": "Ready for 30s without a restart"}]}]}}]}
        """;

    private ScriptedApi? _api;

    private async Task<int> RunAsync(params string[] args)
    {
        var api = _api = new ScriptedApi((_, path, _, _) => path == PoliciesPath
            ? (HttpStatusCode.OK, Policies)
            : path == PoliciesPath + "/nightly"
                ? (HttpStatusCode.OK, """{"apiVersion": "homelab.dev/v1alpha1", "kind": "UpdatePolicy", "metadata": {"name": "nightly", "namespace": "media"}}""")
                : (HttpStatusCode.NotFound, """{"kind": "Status", "reason": "NotFound", "code": 404, "message": "no route"}"""));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 10, 0, 250, TimeSpan.Zero));
        var ctx = new CliContext(_out, _err, time, socket => new HomelabClient(socket, api), _ => null, new StringReader(""));
        return await CliApp.RunAsync(["updates", .. args], ctx, CancellationToken.None);
    }

    [Fact]
    public async Task The_history_of_one_service_shows_each_update_with_its_verdict()
    {
        var exitCode = await RunAsync("svc/jellyfin", "-n", "media", "--history");

        Assert.Equal(ExitCodes.Success, exitCode);
        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^SERVICE\s+AGE\s+RESULT\s+FROM\s+TO\s+WHY$", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^media/jellyfin\s+10m\s+Updated\s+app:stable@sha256:v1\s+app:stable@sha256:v2\s+Ready for 30s without a restart$", lines[1]);
        Assert.Matches(@"^media/jellyfin\s+5m\s+RolledBack\s+app:stable@sha256:v2\s+app:stable@sha256:v3\s+not healthy on the new image within 25s: exited \(StartFailed", lines[2]);
    }

    [Fact]
    public async Task Check_now_asks_with_the_time_to_the_tick_so_a_request_in_the_second_of_the_last_check_counts()
    {
        var exitCode = await RunAsync("-n", "media", "--check-now");

        Assert.Equal(ExitCodes.Success, exitCode);
        var patch = Assert.Single(_api!.Requests, r => r.Method == HttpMethod.Patch);
        Assert.Equal(PoliciesPath + "/nightly", patch.Path);
        var requested = System.Text.Json.Nodes.JsonNode.Parse(patch.Body!)!["metadata"]!["annotations"]!["homelab.dev/check-now"]!.GetValue<string>();
        Assert.Equal("2026-12-05T10:10:00.2500000+00:00", requested);
    }

    [Fact]
    public async Task A_service_no_policy_selects_is_an_error_naming_it()
    {
        var exitCode = await RunAsync("postgres", "-n", "media", "--history");

        Assert.Equal(ExitCodes.Error, exitCode);
        Assert.Equal("error: no UpdatePolicy in namespace media selects Service postgres\n", _err.ToString());
    }
}
