using System.Globalization;
using Homelab.Api.Protocol;
using Homelab.Operator;

namespace Homelab.Controllers.Services;

/// <summary>
/// Whether dual-stack Services can reach IPv6 destinations beyond this host: only when the host has an IPv6 default
/// route (netavark masquerades a Service's IPv6 subnet behind the host's address). Never fails the start, as IPv4 and
/// IPv6 between Services and to the host work without one; it says once, in <c>hlctl doctor</c> and
/// <c>hlctl describe svc</c>, why outside IPv6 addresses are unreachable.
/// </summary>
internal sealed class Ipv6RouteCheck : IHostCheck
{
    public const string Name = HostCheckReport.Ipv6Route;
    public const string NoRoute = "the host has no IPv6 default route";

    private readonly string _routeTable;

    public Ipv6RouteCheck()
        : this("/proc/net/ipv6_route")
    {
    }

    /// <summary>Tests give the kernel's route table as a file of their own.</summary>
    internal Ipv6RouteCheck(string routeTable) => _routeTable = routeTable;

    public Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        string? device = null;
        if (File.Exists(_routeTable))
        {
            foreach (var line in File.ReadLines(_routeTable))
            {
                // destination, its prefix length, source, its prefix length, next hop, metric, refcount, use, flags, device
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                const int RejectFlag = 0x0200;
                if (f.Length == 10 && f[0].All(c => c == '0') && f[1] == "00" && f[9] != "lo"
                    && (int.Parse(f[8], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & RejectFlag) == 0)
                {
                    device = f[9];
                    break;
                }
            }
        }
        IReadOnlyList<HostCheckResult> result =
        [
            HostCheckResult.Pass(Name, device is not null
                ? $"IPv6 default route via {device}: dual-stack Services reach IPv6 destinations where policy allows"
                : $"{NoRoute} (IPv6 is off, or no router advertises one): dual-stack Services reach each other and the host over IPv6, but connections to outside IPv6 addresses fail with \"Network is unreachable\""),
        ];
        return Task.FromResult(result);
    }
}
