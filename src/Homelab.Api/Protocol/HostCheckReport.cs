namespace Homelab.Api.Protocol;

/// <summary>GET /readyz?verbose with Accept: application/json: every host check homelabd runs, and whether all passed.</summary>
public sealed class HostCheckReport
{
    public bool Ready { get; set; }

    public List<HostCheckResult> Checks { get; set; } = [];
}
