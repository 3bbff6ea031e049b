namespace Homelab.Nftables.Model;

/// <summary>A port a Service listens on. <see cref="Protocol"/> is normalized to TCP, UDP or SCTP.</summary>
public sealed record NamedPort(string? Name, int Port, string Protocol);
