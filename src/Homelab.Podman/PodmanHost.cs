namespace Homelab.Podman;

/// <summary>Facts about the host that decide which Podman features a container may use.</summary>
public static class PodmanHost
{
    /// <summary>Whether the kernel has IPv6 on: with ipv6.disable=1 or disable_ipv6=1 netavark cannot make a dual-stack network.</summary>
    public static bool HasIpv6(string disableIpv6File)
    {
        try
        {
            return File.Exists(disableIpv6File) && File.ReadAllText(disableIpv6File).Trim() == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// --userns=auto takes ids from the "containers" entry of /etc/subuid; without one Podman refuses to create the
    /// container, so callers fall back to the host user namespace.
    /// </summary>
    public static bool HasSubordinateIds(string subUidFile)
    {
        try
        {
            return File.Exists(subUidFile)
                && File.ReadLines(subUidFile).Any(l => l.StartsWith("containers:", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Where podman 4.3 looks for its helpers (containers.conf's default helper_binaries_dir and init_path).</summary>
    private static readonly string[] HelperDirectories = ["/usr/local/libexec/podman", "/usr/local/lib/podman", "/usr/libexec/podman", "/usr/lib/podman"];

    /// <summary>The path of a podman helper (catatonit for --init, aardvark-dns for network DNS), or null when podman cannot find it.</summary>
    public static string? FindHelper(string name) =>
        HelperDirectories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>A program on PATH (or in root's sbin directories, which a daemon's PATH may lack), or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
