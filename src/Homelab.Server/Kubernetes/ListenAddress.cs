using System.Globalization;
using System.Net;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// <c>--listen</c>: "ADDRESS:PORT", "[IPv6]:PORT", or a bare "PORT" / ":PORT", which means loopback — the Kubernetes
/// listener reaches beyond this machine only when the user names an address.
/// </summary>
public static class ListenAddress
{
    public static bool TryParse(string? text, out IPEndPoint endPoint, out string problem)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        problem = "";
        var trimmed = (text ?? "").Trim();
        var portOnly = trimmed.StartsWith(':') ? trimmed[1..] : trimmed;
        if (ushort.TryParse(portOnly, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0)
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }
        if (IPEndPoint.TryParse(trimmed, out var parsed) && parsed.Port > 0 && trimmed.Contains(':', StringComparison.Ordinal) && !trimmed.EndsWith(']'))
        {
            endPoint = parsed;
            return true;
        }
        problem = $"\"{text}\" is not ADDRESS:PORT (e.g. 127.0.0.1:6443) or a port";
        return false;
    }

    /// <summary>The URL clients use: an unspecified address (0.0.0.0, ::) is reached on loopback from this machine.</summary>
    public static string ServerUrl(IPEndPoint endPoint)
    {
        var address = endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endPoint.Address;
        return $"https://{new IPEndPoint(address, endPoint.Port)}";
    }
}
