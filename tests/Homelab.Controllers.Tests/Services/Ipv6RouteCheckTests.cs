using Homelab.Controllers.Services;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

public sealed class Ipv6RouteCheckTests : IDisposable
{
    private const string Default = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0";
    private const string Unreachable = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo";
    private const string Subnet = "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0";

    private readonly string _table = Path.GetTempFileName();

    public void Dispose() => File.Delete(_table);

    [Fact]
    public async Task A_default_route_names_its_device()
    {
        File.WriteAllLines(_table, [Subnet, Default, Unreachable]);

        var result = Assert.Single(await new Ipv6RouteCheck(_table).RunAsync(CancellationToken.None));

        Assert.True(result.Ok);
        Assert.Equal(Ipv6RouteCheck.Name, result.Name);
        Assert.Contains("via eth0", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_one_it_says_why_outside_IPv6_fails_and_still_passes()
    {
        File.WriteAllLines(_table, [Subnet, Unreachable]);

        var result = Assert.Single(await new Ipv6RouteCheck(_table).RunAsync(CancellationToken.None));

        Assert.True(result.Ok);
        Assert.StartsWith(Ipv6RouteCheck.NoRoute, result.Message, StringComparison.Ordinal);
        Assert.Contains("Network is unreachable", result.Message, StringComparison.Ordinal);
    }
}
