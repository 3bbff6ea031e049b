using Homelab.Api.Printing;
using Xunit;

namespace Homelab.Api.Tests.Printing;

public sealed class AgeTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(2 * 60, "2m")]
    [InlineData(3 * 60 + 59, "3m59s")]
    [InlineData(10 * 60 + 5, "10m")]
    [InlineData(109 * 60 + 30, "109m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 20 * 60, "3h20m")]
    [InlineData(8 * 3600 + 20 * 60, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(4 * 86400 + 5 * 3600, "4d5h")]
    [InlineData(9 * 86400 + 5 * 3600, "9d")]
    [InlineData(364 * 86400, "364d")]
    [InlineData(2 * 365 * 86400 + 3 * 86400, "2y3d")]
    [InlineData(9 * 365 * 86400 + 3 * 86400, "9y")]
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
