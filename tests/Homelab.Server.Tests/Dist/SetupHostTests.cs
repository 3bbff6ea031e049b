using Homelab.TestKit;

namespace Homelab.Server.Tests.Dist;

/// <summary>
/// setup-host.sh on a podman that came up with CNI, as Debian 12's does when netavark was not installed and chosen: it
/// must select netavark, keep the rest of containers.conf, be idempotent, and never cut containers off their CNI
/// networks without being told. A scratch containers.conf (HOMELAB_CONTAINERS_CONF) plays the host's.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SetupHostTests : IAsyncLifetime
{
    private const string CniConf = "# the owner's own settings\n[engine]\nevents_logger = \"file\"\n\n[network]\nnetwork_backend = \"cni\"\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("hltest-setup-host-").FullName;
    private readonly string _container = "hltest-setup-host-" + Guid.NewGuid().ToString("N")[..8];

    private string Conf => Path.Combine(_dir, "containers.conf");

    private IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["HOMELAB_CONTAINERS_CONF"] = Conf };

    public Task InitializeAsync() => File.WriteAllTextAsync(Conf, CniConf);

    public async Task DisposeAsync()
    {
        await HostCommand.ExecAsync(["podman", "rm", "--force", _container]);
        Directory.Delete(_dir, recursive: true);
    }

    private static string Script => Path.Combine(PodmanHostFixture.RepositoryRoot(), "src/Homelab.Server/dist/setup-host.sh");

    [Fact]
    public async Task Selects_netavark_keeps_the_owners_settings_and_changes_nothing_the_second_time()
    {
        Assert.Equal("cni", await BackendAsync());

        // The machine may hold containers (another daemon, other tests): the switch is asked for in so many words.
        var first = await HostCommand.ExecAsync(["bash", Script, "--no-registry", "--switch-network-backend"], Environment);

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.Contains("set [network] network_backend = \"netavark\"", first.StandardOutput, StringComparison.Ordinal);
        var written = await File.ReadAllTextAsync(Conf);
        Assert.Contains("# the owner's own settings", written, StringComparison.Ordinal);
        Assert.Contains("events_logger = \"file\"", written, StringComparison.Ordinal);
        Assert.Contains("runtime = \"runc\"", written, StringComparison.Ordinal);
        Assert.Contains("default_ulimits = []", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"cni\"", written, StringComparison.Ordinal);
        Assert.Equal("netavark", await BackendAsync());

        var second = await HostCommand.ExecAsync(["bash", Script, "--no-registry"], Environment);

        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.DoesNotContain(" set ", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(written, await File.ReadAllTextAsync(Conf));
    }

    [Fact]
    public async Task Refuses_to_switch_a_cni_podman_that_has_containers_unless_asked()
    {
        await HostCommand.RunAsync("podman", "create", "--name", _container, "--network", "none", "--label", "homelab.dev/managed-by=" + _container, "localhost/homelab/busybox:1", "true");

        var refused = await HostCommand.ExecAsync(["bash", Script, "--no-registry"], Environment);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("podman uses the CNI network backend and has", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("setup-host.sh --switch-network-backend", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(CniConf, await File.ReadAllTextAsync(Conf));
        Assert.Equal("cni", await BackendAsync());
    }

    private async Task<string> BackendAsync() =>
        (await HostCommand.ExecAsync(["podman", "info", "--format", "{{.Host.NetworkBackend}}"], new Dictionary<string, string> { ["CONTAINERS_CONF"] = Conf })).StandardOutput.Trim();
}
