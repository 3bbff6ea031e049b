using Homelab.Api.Protocol;
using Homelab.Controllers.Services;
using Homelab.Podman;

namespace Homelab.Controllers.Tests.Services;

/// <summary>The Service controller's host check against faked hosts: each thing a fresh Debian 12 may lack gives its own message and fix.</summary>
public sealed class PodmanHostCheckTests
{
    private readonly FakeContainerRuntime _podman = new();
    private readonly HashSet<string> _helpers = ["catatonit", "aardvark-dns", "iptables"];
    private PodmanHostCheck? _check;

    private async Task<IReadOnlyList<HostCheckResult>> RunAsync()
    {
        _check ??= new PodmanHostCheck(_podman, name => _helpers.Contains(name) ? "/usr/libexec/podman/" + name : null);
        return await _check.RunAsync(CancellationToken.None);
    }

    private async Task<HostCheckResult> ResultAsync(string name) => Assert.Single(await RunAsync(), r => r.Name == name);

    [Fact]
    public async Task A_host_set_up_by_setup_host_passes_every_check()
    {
        var results = await RunAsync();

        Assert.Equal([PodmanHostCheck.Podman, PodmanHostCheck.NetworkBackend, PodmanHostCheck.OciRuntime, PodmanHostCheck.ContainerInit, PodmanHostCheck.ContainerRun], results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Ok, r.Message));
        Assert.Equal("podman 4.3.1", results[0].Message);
    }

    [Fact]
    public async Task The_cni_backend_fails_naming_netavark_and_the_config_line()
    {
        _podman.HostInfo = _podman.HostInfo with { NetworkBackend = "cni" };

        var result = await ResultAsync(PodmanHostCheck.NetworkBackend);

        Assert.False(result.Ok);
        Assert.Equal("podman uses the cni network backend; homelabd needs netavark", result.Message);
        Assert.Contains("apt-get install netavark aardvark-dns", result.Fix, StringComparison.Ordinal);
        Assert.Contains("network_backend = \"netavark\" in /etc/containers/containers.conf", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Netavark_without_aardvark_dns_fails()
    {
        _helpers.Remove("aardvark-dns");

        var result = await ResultAsync(PodmanHostCheck.NetworkBackend);

        Assert.False(result.Ok);
        Assert.Equal("apt-get install aardvark-dns", result.Fix);
    }

    [Theory]
    [InlineData("4.2.0", false)]
    [InlineData("3.4.4", false)]
    [InlineData("4.3.1", true)]
    [InlineData("4.9.4-dev", true)]
    [InlineData("5.0.0-rc1", true)]
    public async Task Podman_older_than_4_3_fails(string version, bool ok)
    {
        _podman.HostInfo = _podman.HostInfo with { Version = version };

        var result = await ResultAsync(PodmanHostCheck.Podman);

        Assert.Equal(ok, result.Ok);
        if (!ok)
        {
            Assert.Equal($"podman {version} is older than 4.3", result.Message);
        }
    }

    [Fact]
    public async Task Missing_podman_is_one_failure_with_the_packages_to_install()
    {
        _podman.HostInfoError = new PodmanException("could not start podman: No such file or directory");

        var result = Assert.Single(await RunAsync());

        Assert.False(result.Ok);
        Assert.Equal("podman is not installed", result.Message);
        Assert.StartsWith("apt-get install podman runc netavark aardvark-dns catatonit", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rootless_podman_fails()
    {
        _podman.HostInfo = _podman.HostInfo with { Rootless = true };

        var result = await ResultAsync(PodmanHostCheck.Podman);

        Assert.False(result.Ok);
        Assert.Equal("run homelabd as root", result.Fix);
    }

    [Fact]
    public async Task An_oci_runtime_that_is_not_there_fails()
    {
        _podman.HostInfo = _podman.HostInfo with { OciRuntime = "crun", OciRuntimePath = "/nonexistent/crun", OciRuntimeVersion = "" };

        var result = await ResultAsync(PodmanHostCheck.OciRuntime);

        Assert.False(result.Ok);
        Assert.Equal("podman's OCI runtime crun does not run", result.Message);
        Assert.Contains("runtime = \"runc\"", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_catatonit_fails_because_containers_run_with_init()
    {
        _helpers.Remove("catatonit");

        var result = await ResultAsync(PodmanHostCheck.ContainerInit);

        Assert.False(result.Ok);
        Assert.Equal("apt-get install catatonit", result.Fix);
    }

    [Fact]
    public async Task Netavark_without_iptables_fails_before_any_container_is_tried()
    {
        _helpers.Remove("iptables");

        var results = await RunAsync();

        var backend = Assert.Single(results, r => r.Name == PodmanHostCheck.NetworkBackend);
        Assert.False(backend.Ok);
        Assert.Equal("apt-get install iptables", backend.Fix);
        var run = Assert.Single(results, r => r.Name == PodmanHostCheck.ContainerRun);
        Assert.False(run.Ok);
        Assert.Equal("not tried: fix the checks above first", run.Message);
        Assert.Equal(0, _podman.ProbeRuns);
    }

    [Fact]
    public async Task A_probe_container_that_cannot_run_fails_with_podmans_reason()
    {
        _podman.ProbeError = new PodmanException("podman run", 126, "netavark: No such file or directory (os error 2)");

        var result = await ResultAsync(PodmanHostCheck.ContainerRun);

        Assert.False(result.Ok);
        Assert.Equal("a probe container could not run on a network of its own: netavark: No such file or directory (os error 2)", result.Message);
    }

    [Fact]
    public async Task The_probe_container_runs_once_in_ten_minutes_while_the_cheap_checks_run_every_time()
    {
        await RunAsync();
        _podman.HostInfo = _podman.HostInfo with { NetworkBackend = "cni" };
        _podman.ProbeError = new PodmanException("podman run", 1, "would fail now");
        var second = await RunAsync();
        _podman.HostInfo = _podman.HostInfo with { NetworkBackend = "netavark" };
        var third = await RunAsync();

        Assert.False(Assert.Single(second, r => r.Name == PodmanHostCheck.NetworkBackend).Ok);
        Assert.True(Assert.Single(third, r => r.Name == PodmanHostCheck.ContainerRun).Ok);
        Assert.Equal(1, _podman.ProbeRuns);
    }
}
