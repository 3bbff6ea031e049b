using System.Text.RegularExpressions;

namespace Homelab.Podman;

/// <summary>
/// Podman's refusal to hand out an address its IPAM (netavark's /run/containers/networks/ipam.db, one bucket per network
/// name) still holds for a container: "requested ip address 10.91.3.2 is already allocated to container ID 15dd3c…".
/// A <c>podman start</c> killed after the allocation and before the network was set up leaves such an allocation behind
/// for a container whose removal then tears nothing down.
/// </summary>
public sealed partial record IpamConflict(string Ip, string ContainerId)
{
    /// <summary>The conflict podman's error names, or null when the error is something else.</summary>
    public static IpamConflict? In(string? podmanError)
    {
        var match = podmanError is null ? null : Pattern().Match(podmanError);
        return match is { Success: true } ? new IpamConflict(match.Groups["ip"].Value, match.Groups["id"].Value) : null;
    }

    [GeneratedRegex(@"requested ip address (?<ip>[0-9a-fA-F.:]+) is already allocated to container ID (?<id>[0-9a-f]{12,64})")]
    private static partial Regex Pattern();
}
