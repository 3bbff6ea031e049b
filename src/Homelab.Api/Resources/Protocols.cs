namespace Homelab.Api.Resources;

/// <summary>Port protocols; TCP when omitted.</summary>
public static class Protocols
{
    public const string Tcp = "TCP";
    public const string Udp = "UDP";
    public static readonly string[] All = [Tcp, Udp];
}
