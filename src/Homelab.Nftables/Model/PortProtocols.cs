namespace Homelab.Nftables.Model;

public static class PortProtocols
{
    public const string Tcp = "TCP";
    public const string Udp = "UDP";
    public const string Sctp = "SCTP";

    /// <summary>TCP when omitted, as in Kubernetes; null for anything else.</summary>
    public static string? Normalize(string? protocol) => (protocol ?? Tcp).ToUpperInvariant() switch
    {
        Tcp => Tcp,
        Udp => Udp,
        Sctp => Sctp,
        _ => null,
    };
}
