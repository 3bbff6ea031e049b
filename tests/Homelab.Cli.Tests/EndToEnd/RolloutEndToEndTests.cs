using System.Text.RegularExpressions;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// What `hlctl apply --wait`, `hlctl wait` and `kubectl wait` mean on the shipped homelabd with real Podman: a change whose container
/// does not stay up is rolled back, and the wait says so and fails, instead of reporting the old container's Ready.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RolloutEndToEndTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";

    private readonly InstanceDaemon _host = new("service", "hltest-rollout-", "--listen", $"127.0.0.1:{Kubectl.FreePort()}");

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

    [KubectlFact]
    public async Task Kubectl_wait_is_met_by_a_ready_change_and_never_by_a_rolled_back_one()
    {
        var kubeconfig = await Hl("kubeconfig");
        Assert.True(kubeconfig.ExitCode == 0, kubeconfig.ToString());
        var kubectl = new Kubectl(Kubectl.PathOf("1.32"), Write("kubeconfig", kubeconfig.Out));
        Assert.Equal(0, (await Hl("apply", "-f", Write("a.yaml", Manifest("sleep 100000")))).ExitCode);

        var ready = await kubectl.RunAsync("wait", "--for=condition=Ready", "svc/w", "-n", Ns, "--timeout=60s");
        Assert.True(ready.ExitCode == 0, ready.ToString() + _host.Daemon.Log);
        Assert.Contains("condition met", ready.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await Hl("apply", "-f", Write("b.yaml", Manifest("sleep 0.6; exit 1")))).ExitCode);
        // kubectl checks the condition's observedGeneration: the old container's Ready=True at generation 1 does not
        // meet a wait for generation 2, and the rolled-back generation 2 is Ready=False for good.
        var rolledBack = await kubectl.RunAsync("wait", "--for=condition=Ready", "svc/w", "-n", Ns, "--timeout=15s");
        Assert.True(rolledBack.ExitCode != 0, rolledBack.ToString());
        Assert.DoesNotContain("condition met", rolledBack.Out, StringComparison.Ordinal);
        var progressing = await kubectl.RunAsync("get", "svc", "w", "-n", Ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}");
        Assert.Equal("RolledBack", progressing.Out.Trim());
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
