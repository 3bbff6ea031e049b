namespace Homelab.Nftables.Access;

/// <summary>One rule in words: "media/p ingress[0]: from edge/caddy, 192.168.1.0/24 on TCP/http".</summary>
public sealed record RuleSummary(string Rule, string Peers, string Ports);
