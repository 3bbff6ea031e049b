namespace Homelab.Api.Resources;

/// <summary>Port protocols; TCP when omitted.</summary>
public static class Protocols
{
    public const string Tcp = "TCP";
    public const string Udp = "UDP";
    public const string Sctp = "SCTP";

    /// <summary>What a Service may publish.</summary>
    public static readonly string[] All = [Tcp, Udp];

    /// <summary>What a NetworkPolicy port may name: Kubernetes' three, so its manifests apply unchanged.</summary>
    public static readonly string[] NetworkPolicy = [Tcp, Udp, Sctp];
}
