using Homelab.Cli.Printing;

namespace Homelab.Cli.Tests.Printing;

public sealed class AgeTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(5, "5s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3 * 60 + 59, "3m")]
    [InlineData(59 * 60, "59m")]
    [InlineData(2 * 3600, "2h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(4 * 86400, "4d")]
    [InlineData(364 * 86400, "364d")]
    [InlineData(2 * 365 * 86400, "2y")]
    public void Formats_like_kubectl_short_durations(int seconds, string expected) =>
        Assert.Equal(expected, Age.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Slight_clock_skew_reads_as_zero_and_larger_skew_as_invalid()
    {
        Assert.Equal("0s", Age.Format(TimeSpan.FromMilliseconds(-500)));
        Assert.Equal("<invalid>", Age.Format(TimeSpan.FromSeconds(-5)));
    }

    [Fact]
    public void Missing_timestamp_is_unknown() => Assert.Equal("<unknown>", Age.Since(null, DateTimeOffset.UnixEpoch));
}
