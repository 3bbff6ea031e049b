using Homelab.Api.Resources;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 25: deleting a namespace as Kubernetes does, on real Podman through the Service controller: kubectl 1.32 and
/// 1.27 (`delete -f` of a file with the Namespace and its Service) and hlctl (`delete ns`) each leave no container and
/// no object, and keep the Service's named volume, as deleting the Service alone does.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class KubectlNamespaceDeletionTests : IAsyncLifetime
{
    private const string Image = PodmanHostFixture.Registry + "/homelab/caddy:2.8";
    private static readonly string[] Versions = ["1.32", "1.27"];
    private readonly InstanceDaemon _host = new("service", "hltest-nsdelete-", "--listen", $"127.0.0.1:{Kubectl.FreePort()}");
    private string _kubeconfig = "";
    private string _app = "";

    private string Ns => _host.Name;

    private string Mine => $"label=homelab.dev/managed-by={_host.Name}";

    public async Task InitializeAsync()
    {
        await _host.Daemon.StartAsync();
        _kubeconfig = await _host.KubeconfigAsync();
        _app = _host.Write("app.yaml", App());
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => Hlctl.RunAsync(_host.Daemon.Socket, args);

    private Task<ProcessResult> K(string version, params string[] args) => new Kubectl(Kubectl.PathOf(version), _kubeconfig).RunAsync(args);

    [KubectlFact]
    public async Task Deleting_a_namespace_removes_its_services_and_containers_and_keeps_their_named_volumes()
    {
        foreach (var version in Versions.Where(v => File.Exists(Kubectl.PathOf(v))))
        {
            Ok(await K(version, "apply", "-f", _app));
            await RunningAsync();

            var deleted = Ok(await K(version, "delete", "-f", _app));

            Assert.Contains($"namespace.homelab.dev \"{Ns}\" deleted", deleted.Out, StringComparison.Ordinal);
            await GoneButTheVolumeAsync();
        }

        Ok(await Hl("apply", "-f", _app));
        await RunningAsync();

        Ok(await Hl("delete", "ns", Ns, "--timeout=120s"));

        await GoneButTheVolumeAsync();
    }

    private async Task RunningAsync()
    {
        Ok(await Hl("wait", "--for=condition=Ready", "svc/web", "-n", Ns, "--timeout=120s"));
        Assert.Equal("running", (await HostCommand.RunAsync("podman", "inspect", "--format", "{{.State.Status}}", $"hl-{Ns}-web")).Trim());
        Assert.NotEqual("", await HostCommand.RunAsync("podman", "volume", "ls", "-q", "--filter", Mine));
    }

    private async Task GoneButTheVolumeAsync()
    {
        using var client = _host.Daemon.Client();
        Assert.Empty((await client.ListAsync(ResourceKinds.Service, Ns, null, CancellationToken.None)).Items);
        Assert.DoesNotContain((await client.ListAsync(ResourceKinds.Namespace, null, null, CancellationToken.None)).Items, n => (string?)n["metadata"]!["name"] == Ns);
        Assert.Equal("", await HostCommand.RunAsync("podman", "ps", "-aq", "--filter", Mine));
        Assert.NotEqual("", await HostCommand.RunAsync("podman", "volume", "ls", "-q", "--filter", Mine));
    }

    private static ProcessResult Ok(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private string App() => $$$"""
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
        spec:
          image: {{{Image}}}
          env: [{name: PORT, value: "8080"}]
          ports:
            - containerPort: 8080
          volumes:
            - name: data
              mountPath: /data
          stopGracePeriod: 2s
        """;
}
