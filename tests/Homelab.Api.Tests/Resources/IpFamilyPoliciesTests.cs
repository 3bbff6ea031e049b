using Homelab.Api.Resources;
using Xunit;

namespace Homelab.Api.Tests.Resources;

public sealed class IpFamilyPoliciesTests
{
    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData(IpFamilyPolicies.PreferDualStack, true, true)]
    [InlineData(IpFamilyPolicies.PreferDualStack, false, false)]
    [InlineData(IpFamilyPolicies.RequireDualStack, true, true)]
    [InlineData(IpFamilyPolicies.RequireDualStack, false, true)]
    [InlineData(IpFamilyPolicies.SingleStack, true, false)]
    [InlineData(IpFamilyPolicies.SingleStack, false, false)]
    public void Prefer_falls_back_to_IPv4_on_a_host_without_IPv6_and_Require_does_not(string? policy, bool hostHasIpv6, bool dualStack) =>
        Assert.Equal(dualStack, IpFamilyPolicies.IsDualStack(new ServiceSpec { IpFamilyPolicy = policy }, hostHasIpv6));
}
