using Homelab.Api.Protocol;
using Homelab.Operator;
using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>
/// What the Service controller needs from Podman: version 4.3 or later run as root, the netavark network backend with
/// aardvark-dns and iptables (networks are created with a fixed bridge name and DNS; Debian's Podman falls back to CNI
/// when netavark is missing or not chosen; netavark 1.4 sets up NAT and published ports with iptables), a working OCI
/// runtime and catatonit for <c>--init</c>. One <c>podman info</c> answers most; then a container is really run on a
/// network of its own, which no reading of the host can stand in for (the first fresh install that lacked iptables
/// passed every other check). That run is remembered for <see cref="ContainerRunLifetime"/>, so /readyz stays cheap.
/// </summary>
internal sealed class PodmanHostCheck : IHostCheck
{
    public const string Podman = "podman";
    public const string NetworkBackend = "network-backend";
    public const string OciRuntime = "oci-runtime";
    public const string ContainerInit = "container-init";
    public const string ContainerRun = "container-run";

    public static readonly TimeSpan ContainerRunLifetime = TimeSpan.FromMinutes(10);

    private static readonly Version Minimum = new(4, 3);
    private const string SetupHost = "src/Homelab.Server/dist/setup-host.sh does this";

    private readonly IContainerRuntime _runtime;
    private readonly Func<string, string?> _find;
    private (HostCheckResult Result, long At)? _lastRun;

    public PodmanHostCheck(IContainerRuntime runtime)
        : this(runtime, name => PodmanHost.FindHelper(name) ?? PodmanHost.FindOnPath(name))
    {
    }

    /// <summary>Tests give a fake host: <paramref name="find"/> answers where a podman helper or a program is.</summary>
    internal PodmanHostCheck(IContainerRuntime runtime, Func<string, string?> find)
    {
        _runtime = runtime;
        _find = find;
    }

    public async Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        PodmanHostInfo info;
        try
        {
            info = await _runtime.GetHostInfoAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            var missing = e.PodmanError.Contains("could not start", StringComparison.Ordinal);
            return
            [
                HostCheckResult.Fail(Podman, missing ? "podman is not installed" : $"podman info failed: {e.PodmanError}",
                    missing ? $"apt-get install podman runc netavark aardvark-dns catatonit ({SetupHost})" : "run `podman info` and fix what it reports"),
            ];
        }
        catch (TimeoutException e)
        {
            return [HostCheckResult.Fail(Podman, e.Message, "run `podman info` and see why it hangs")];
        }
        var results = new List<HostCheckResult> { CheckPodman(info), CheckNetworkBackend(info), CheckOciRuntime(info), CheckInit() };
        // A run on a host known to lack something would only repeat that failure in podman's words.
        results.Add(results.All(r => r.Ok)
            ? await CheckContainerRunAsync(cancellationToken).ConfigureAwait(false)
            : HostCheckResult.Fail(ContainerRun, "not tried: fix the checks above first", "see the failed checks above"));
        return results;
    }

    private async Task<HostCheckResult> CheckContainerRunAsync(CancellationToken cancellationToken)
    {
        if (_lastRun is { } last && System.Diagnostics.Stopwatch.GetElapsedTime(last.At) < ContainerRunLifetime)
        {
            return last.Result;
        }
        HostCheckResult result;
        try
        {
            await _runtime.ProbeContainerRunAsync(cancellationToken).ConfigureAwait(false);
            result = HostCheckResult.Pass(ContainerRun, "a container ran on a network of its own and was removed");
        }
        catch (PodmanException e)
        {
            result = HostCheckResult.Fail(ContainerRun, $"a probe container could not run on a network of its own: {e.PodmanError}",
                "run `podman run --rm --network NET …` by hand to see the whole error; setup-host.sh installs what podman and netavark need");
        }
        _lastRun = (result, System.Diagnostics.Stopwatch.GetTimestamp());
        return result;
    }

    private static HostCheckResult CheckPodman(PodmanHostInfo info)
    {
        if (!TryParseVersion(info.Version, out var version))
        {
            return HostCheckResult.Fail(Podman, $"podman reports an unreadable version \"{info.Version}\"", "install podman 4.3 or later (Debian 12: apt-get install podman)");
        }
        if (version < Minimum)
        {
            return HostCheckResult.Fail(Podman, $"podman {info.Version} is older than {Minimum}", "install podman 4.3 or later (Debian 12: apt-get install podman)");
        }
        if (info.Rootless)
        {
            return HostCheckResult.Fail(Podman, $"podman {info.Version} runs rootless; homelabd manages root's containers and firewall", "run homelabd as root");
        }
        return HostCheckResult.Pass(Podman, $"podman {info.Version}");
    }

    private HostCheckResult CheckNetworkBackend(PodmanHostInfo info)
    {
        if (info.NetworkBackend != "netavark")
        {
            return HostCheckResult.Fail(NetworkBackend,
                $"podman uses the {(info.NetworkBackend.Length == 0 ? "unknown" : info.NetworkBackend)} network backend; homelabd needs netavark",
                $"apt-get install netavark aardvark-dns, then set [network] network_backend = \"netavark\" in /etc/containers/containers.conf ({SetupHost})");
        }
        if (_find("aardvark-dns") is null)
        {
            return HostCheckResult.Fail(NetworkBackend, "netavark is chosen but aardvark-dns (DNS for container networks) is missing", "apt-get install aardvark-dns");
        }
        return _find("iptables") is null
            ? HostCheckResult.Fail(NetworkBackend, "netavark is chosen but iptables, with which it sets up NAT and published ports, is missing", "apt-get install iptables")
            : HostCheckResult.Pass(NetworkBackend, "netavark with aardvark-dns and iptables");
    }

    private static HostCheckResult CheckOciRuntime(PodmanHostInfo info) =>
        info.OciRuntimePath.Length > 0 && File.Exists(info.OciRuntimePath) && info.OciRuntimeVersion.Length > 0
            ? HostCheckResult.Pass(OciRuntime, $"{info.OciRuntimeVersion} ({info.OciRuntimePath})")
            : HostCheckResult.Fail(OciRuntime,
                $"podman's OCI runtime {(info.OciRuntime.Length == 0 ? "" : info.OciRuntime + " ")}does not run",
                $"apt-get install runc, then set [engine] runtime = \"runc\" in /etc/containers/containers.conf ({SetupHost})");

    private HostCheckResult CheckInit() =>
        _find("catatonit") is { } path
            ? HostCheckResult.Pass(ContainerInit, $"catatonit ({path})")
            : HostCheckResult.Fail(ContainerInit, "catatonit is missing: containers run with --init and podman cannot start them", "apt-get install catatonit");

    /// <summary>"4.3.1", "5.0.0-rc1", "4.9.4-dev": the leading major.minor.patch.</summary>
    internal static bool TryParseVersion(string text, out Version version)
    {
        var core = new string(text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray()).TrimEnd('.');
        return Version.TryParse(core.Contains('.', StringComparison.Ordinal) ? core : core + ".0", out version!);
    }
}
