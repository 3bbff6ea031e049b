namespace Homelab.Api.Protocol;

/// <summary>GET /readyz?verbose with Accept: application/json: every host check homelabd runs, and whether all passed.</summary>
public sealed class HostCheckReport
{
    /// <summary>The check that says whether Services reach IPv6 beyond the host; <c>hlctl describe svc</c> repeats it.</summary>
    public const string Ipv6Route = "ipv6-route";

    public bool Ready { get; set; }

    public List<HostCheckResult> Checks { get; set; } = [];
}
