using Homelab.Server.Hosting;
using Xunit;

namespace Homelab.Server.Tests.Hosting;

public sealed class IdleTrimPolicyTests
{
    private const long MB = 1024 * 1024;

    [Fact]
    public void A_process_that_allocated_little_is_not_trimmed()
    {
        var policy = new IdleTrimPolicy(100 * MB);

        Assert.False(policy.ShouldTrim(100 * MB));
        Assert.False(policy.ShouldTrim(102 * MB));
    }

    [Fact]
    public void A_busy_process_is_trimmed_only_once_it_goes_quiet_and_then_not_again_until_it_allocates_more()
    {
        var policy = new IdleTrimPolicy(0);

        Assert.False(policy.ShouldTrim(20 * MB)); // busy: 20 MB since the last look
        Assert.False(policy.ShouldTrim(40 * MB)); // still busy
        Assert.True(policy.ShouldTrim(40 * MB + 1)); // quiet now, 40 MB since the last trim
        Assert.False(policy.ShouldTrim(40 * MB + 2)); // quiet, but nothing worth giving back
        Assert.False(policy.ShouldTrim(46 * MB)); // a resync: busy again
        Assert.True(policy.ShouldTrim(46 * MB)); // quiet after 6 MB
    }
}
