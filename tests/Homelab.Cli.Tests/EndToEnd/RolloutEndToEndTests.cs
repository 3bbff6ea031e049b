using System.Text.RegularExpressions;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// What `hlctl apply --wait` and `hlctl wait` mean on the shipped homelabd with real Podman: a change whose container
/// does not stay up is rolled back, and the wait says so and fails, instead of reporting the old container's Ready.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RolloutEndToEndTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";

    private readonly InstanceDaemon _host = new("service", "hltest-rollout-");

    private string Ns => _host.Name;

    public Task InitializeAsync() => _host.Daemon.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => Hlctl.RunAsync(_host.Daemon.Socket, args);

    [Fact]
    public async Task Apply_wait_of_a_change_that_crashes_after_0_6_s_fails_naming_the_roll_back_and_get_shows_it()
    {
        var good = Write("a.yaml", Manifest("sleep 100000"));
        var first = await Hl("apply", "-f", good, "--wait", "--timeout", "60s");
        Assert.True(first.ExitCode == 0, first.Err + first.Out + _host.Daemon.Log);

        var crashing = Write("b.yaml", Manifest("sleep 0.6; exit 1"));
        var apply = await Hl("apply", "-f", crashing, "--wait", "--timeout", "60s");

        Assert.True(apply.ExitCode != 0, apply.Out + apply.Err);
        Assert.DoesNotContain("condition met", apply.Out, StringComparison.Ordinal);
        Assert.Contains("rolled back", apply.Err, StringComparison.Ordinal);
        Assert.Contains("exit code 1", apply.Err, StringComparison.Ordinal);
        // `wait` knows as well, at once rather than at its timeout.
        var wait = await Hl("wait", "--for=condition=Ready", "svc/w", "-n", Ns, "--timeout=50s");
        Assert.True(wait.ExitCode != 0, wait.Out + wait.Err);
        Assert.Contains("rolled back", wait.Err, StringComparison.Ordinal);
        var get = await Hl("get", "svc", "w", "-n", Ns);
        Assert.True(Regex.IsMatch(get.Out, @"\nw +\S+ +0/1 +StartFailed "), get.Out);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_host.Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Manifest(string script) => $$$"""
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata:
          name: {{{Ns}}}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: w
          namespace: {{{Ns}}}
        spec:
          image: {{{Image}}}
          command: [/bin/busybox, sh, -c, "{{{script}}}"]
          stopGracePeriod: 1s
        """;
}
