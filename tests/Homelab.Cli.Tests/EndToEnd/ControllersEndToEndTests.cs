using System.Text.Json.Nodes;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// hlctl against a homelabd process that runs all its controllers on real Podman, nftables and the local registry: the
/// daemon as shipped (tests/run.sh points <see cref="Daemon.Program"/> at the Native AOT build), not the in-process
/// host the controller tests use. Its own instance name labels every Podman object and names its nft tables, so the
/// clean-up finds all of them and nothing else.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ControllersEndToEndTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";

    private readonly InstanceDaemon _host = new("all", "hltest-e2e-");
    private readonly int _port = Loopback.FreePort();

    private string Ns => _host.Name;

    private string Container => $"hl-{Ns}-web";

    public Task InitializeAsync() => _host.Daemon.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => Hlctl.RunAsync(_host.Daemon.Socket, args);

    [Fact]
    public async Task A_policed_Service_runs_is_checked_for_updates_survives_a_restart_and_is_removed_by_delete()
    {
        var manifests = Path.Combine(_host.Dir, "homelab");
        Directory.CreateDirectory(manifests);
        await File.WriteAllTextAsync(Path.Combine(manifests, "web.yaml"), Manifests());

        var apply = await Hl("apply", "-f", manifests, "--wait", "--timeout", "120s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + _host.Daemon.Log);

        // Running, reachable on its published port, from the pinned image, on its own network.
        Assert.Contains("homelab/caddy:2.8", await Loopback.GetAsync(_port), StringComparison.Ordinal);
        var service = JsonNode.Parse((await Hl("get", "svc", "web", "-n", Ns, "-o", "json")).Out)!;
        var status = service["status"]!;
        Assert.StartsWith("sha256:", status["imageDigest"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"hl-{Ns}-web", status["network"]!.GetValue<string>());
        var containerId = status["containerID"]!.GetValue<string>();
        Assert.Equal("running", (await HostCommand.RunAsync("podman", "inspect", "--format", "{{.State.Status}}", Container)).Trim());

        // Killed outright, the daemon takes its podman children with it: podman events, following this instance's
        // label, and the podman API service that created the network, on a socket in the daemon's runtime directory
        // (here its data dir). Started again, it adopts the running container.
        var events = "label=homelab.dev/managed-by=" + _host.Name;
        var apiService = "unix://" + _host.Daemon.DataDir + "/podman-";
        Assert.NotEmpty(HostProcesses.Matching(events));
        Assert.NotEmpty(HostProcesses.Matching(apiService));
        await _host.Daemon.KillAsync();
        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(events, TimeSpan.FromSeconds(10)));
        Assert.Empty(await HostProcesses.WaitUntilGoneAsync(apiService, TimeSpan.FromSeconds(10)));
        await _host.Daemon.StartAsync();
        Assert.Equal(0, (await Hl("wait", "--for=condition=Ready", "svc/web", "-n", Ns, "--timeout=60s")).ExitCode);
        Assert.Equal(containerId, (await HostCommand.RunAsync("podman", "inspect", "--format", "{{.Id}}", Container)).Trim());

        // The policy is compiled into the instance's own table, naming the Service's address.
        Assert.Contains(status["ip"]!.GetValue<string>(), await HostCommand.RunAsync("nft", "list", "table", "inet", _host.Name), StringComparison.Ordinal);
        var describe = await Hl("describe", "svc", "web", "-n", Ns);
        Assert.Contains("web-from-anywhere", describe.Out, StringComparison.Ordinal);

        // The update controller read the registry for the Service's tag.
        var policy = JsonNode.Parse((await Hl("get", "updatepolicy", "nightly", "-n", Ns, "-o", "json")).Out)!;
        Assert.NotNull(policy["status"]?["lastCheck"]);

        var logs = await Hl("logs", "web", "-n", Ns);
        Assert.True(logs.ExitCode == 0, logs.Err);

        // The daemon's host checks, as hlctl doctor prints them.
        var doctor = await Hl("doctor");
        Assert.True(doctor.ExitCode == 0, doctor.Out + doctor.Err);
        foreach (var check in new[] { "data-dir", "socket", "podman", "network-backend", "oci-runtime", "container-init", "container-run", "secrets-tmpfs", "nftables" })
        {
            Assert.Matches($"(?m)^{check} +OK ", doctor.Out);
        }

        // A restart adopts the running container instead of recreating it.
        await _host.Daemon.StopAsync();
        await _host.Daemon.StartAsync();
        Assert.Equal(0, (await Hl("wait", "--for=condition=Ready", "svc/web", "-n", Ns, "--timeout=60s")).ExitCode);
        Assert.Equal(containerId, (await HostCommand.RunAsync("podman", "inspect", "--format", "{{.Id}}", Container)).Trim());

        var delete = await Hl("delete", "-f", manifests);
        Assert.True(delete.ExitCode == 0, delete.Err);
        Assert.Equal("", await HostCommand.RunAsync("podman", "ps", "-aq", "--filter", $"label=homelab.dev/managed-by={_host.Name}"));
        Assert.Equal("", await HostCommand.RunAsync("podman", "network", "ls", "-q", "--filter", $"label=homelab.dev/managed-by={_host.Name}"));
    }

    private string Manifests() => $$$"""
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata:
          name: {{{Ns}}}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: web
          namespace: {{{Ns}}}
          labels: {app: web, updates: nightly}
        spec:
          image: {{{Image}}}
          env: [{name: PORT, value: "8080"}]
          ports:
            - name: http
              containerPort: 8080
              hostPort: {{{_port}}}
              hostIP: 127.0.0.1
          stopGracePeriod: 2s
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: NetworkPolicy
        metadata:
          name: web-from-anywhere
          namespace: {{{Ns}}}
        spec:
          serviceSelector: {matchLabels: {app: web}}
          policyTypes: [Ingress]
          ingress:
            - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
              ports: [{protocol: TCP, port: http}]
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: UpdatePolicy
        metadata:
          name: nightly
          namespace: {{{Ns}}}
        spec:
          serviceSelector: {matchLabels: {updates: nightly}}
          schedule: "30 3 * * *"
          strategy: digest
          mode: notify
        """;
}
