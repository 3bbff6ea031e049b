using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

/// <summary>Everything a Service asks for beyond an unprivileged container, so `get svc -o wide` shows what deserves a second look.</summary>
public static class PrivilegeSummary
{
    public const string None = "none";

    /// <summary>Ports below this need CAP_NET_BIND_SERVICE on the host side.</summary>
    private const int FirstUnprivilegedPort = 1024;

    public static IReadOnlyList<string> Collect(ServiceSpec spec)
    {
        var found = new List<string>();
        var security = spec.SecurityContext;
        if (security?.Privileged == true)
        {
            found.Add("privileged");
        }
        foreach (var capability in security?.Capabilities?.Add ?? [])
        {
            found.Add($"cap:{capability}");
        }
        foreach (var device in spec.Devices ?? [])
        {
            found.Add($"device:{device.HostPath}");
        }
        foreach (var volume in spec.Volumes ?? [])
        {
            if (!string.IsNullOrEmpty(volume.HostPath))
            {
                found.Add($"hostPath:{volume.HostPath}");
            }
        }
        if (string.Equals(security?.UserNamespace, "host", StringComparison.OrdinalIgnoreCase))
        {
            found.Add("userns:host");
        }
        foreach (var port in spec.Ports ?? [])
        {
            if (port.HostPort is > 0 and < FirstUnprivilegedPort)
            {
                found.Add($"hostPort:{port.HostPort}");
            }
        }
        return found;
    }

    public static string Format(ServiceSpec spec) => Collect(spec) is { Count: > 0 } found ? string.Join(',', found) : None;
}
