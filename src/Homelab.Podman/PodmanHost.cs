namespace Homelab.Podman;

/// <summary>Facts about the host that decide which Podman features a container may use.</summary>
public static class PodmanHost
{
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
}
