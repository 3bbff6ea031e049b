using Homelab.Api.Protocol;
using Homelab.Operator;
using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>
/// What the Service controller needs from Podman: version 4.3 or later run as root, the netavark network backend with
/// aardvark-dns (networks are created with a fixed bridge name and DNS; Debian's Podman falls back to CNI when netavark
/// is missing or not chosen), a working OCI runtime and catatonit for <c>--init</c>. One <c>podman info</c> answers most.
/// </summary>
internal sealed class PodmanHostCheck : IHostCheck
{
    public const string Podman = "podman";
    public const string NetworkBackend = "network-backend";
    public const string OciRuntime = "oci-runtime";
    public const string ContainerInit = "container-init";

    private static readonly Version Minimum = new(4, 3);
    private const string SetupHost = "src/Homelab.Server/dist/setup-host.sh does this";

    private readonly IContainerRuntime _runtime;
    private readonly Func<string, string?> _findHelper;

    public PodmanHostCheck(IContainerRuntime runtime)
        : this(runtime, PodmanHost.FindHelper)
    {
    }

    /// <summary>Tests give a fake host: <paramref name="findHelper"/> answers where a podman helper is.</summary>
    internal PodmanHostCheck(IContainerRuntime runtime, Func<string, string?> findHelper)
    {
        _runtime = runtime;
        _findHelper = findHelper;
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
        return [CheckPodman(info), CheckNetworkBackend(info), CheckOciRuntime(info), CheckInit()];
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
        return _findHelper("aardvark-dns") is null
            ? HostCheckResult.Fail(NetworkBackend, "netavark is chosen but aardvark-dns (DNS for container networks) is missing", "apt-get install aardvark-dns")
            : HostCheckResult.Pass(NetworkBackend, "netavark with aardvark-dns");
    }

    private static HostCheckResult CheckOciRuntime(PodmanHostInfo info) =>
        info.OciRuntimePath.Length > 0 && File.Exists(info.OciRuntimePath) && info.OciRuntimeVersion.Length > 0
            ? HostCheckResult.Pass(OciRuntime, $"{info.OciRuntimeVersion} ({info.OciRuntimePath})")
            : HostCheckResult.Fail(OciRuntime,
                $"podman's OCI runtime {(info.OciRuntime.Length == 0 ? "" : info.OciRuntime + " ")}does not run",
                $"apt-get install runc, then set [engine] runtime = \"runc\" in /etc/containers/containers.conf ({SetupHost})");

    private HostCheckResult CheckInit() =>
        _findHelper("catatonit") is { } path
            ? HostCheckResult.Pass(ContainerInit, $"catatonit ({path})")
            : HostCheckResult.Fail(ContainerInit, "catatonit is missing: containers run with --init and podman cannot start them", "apt-get install catatonit");

    /// <summary>"4.3.1", "5.0.0-rc1", "4.9.4-dev": the leading major.minor.patch.</summary>
    internal static bool TryParseVersion(string text, out Version version)
    {
        var core = new string(text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray()).TrimEnd('.');
        return Version.TryParse(core.Contains('.', StringComparison.Ordinal) ? core : core + ".0", out version!);
    }
}
