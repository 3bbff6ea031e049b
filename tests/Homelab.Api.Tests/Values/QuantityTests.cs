using Homelab.Api.Values;
using Xunit;

namespace Homelab.Api.Tests.Values;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("512Mi", 536_870_912L)]
    [InlineData("2Gi", 2_147_483_648L)]
    [InlineData("1G", 1_000_000_000L)]
    [InlineData("100k", 100_000L)]
    [InlineData("100K", 100_000L)]
    [InlineData("1048576", 1_048_576L)]
    [InlineData("1.5Gi", 1_610_612_736L)]
    [InlineData("0.5", 1L)]
    [InlineData("7Ei", 8_070_450_532_247_928_832L)]
    public void Parses_sizes_to_bytes(string text, long bytes) => Assert.Equal(bytes, Quantity.Parse(text).Bytes);

    [Theory]
    [InlineData("2GB")]
    [InlineData("Mi")]
    [InlineData("")]
    [InlineData("-1Mi")]
    [InlineData("1 Gi")]
    [InlineData("1m")]
    public void Refuses_what_is_not_a_size(string text)
    {
        Assert.False(Quantity.TryParse(text, out _, out var error));
        Assert.Contains("is not a size", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_sizes_beyond_a_long()
    {
        Assert.False(Quantity.TryParse("9Ei", out _, out var error));
        Assert.Contains("too large", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(536_870_912L, "512Mi")]
    [InlineData(1_000_000_000L, "1G")]
    [InlineData(1_500L, "1500")]
    [InlineData(0L, "0")]
    [InlineData(3_072L, "3Ki")]
    public void Formats_with_the_largest_exact_suffix(long bytes, string text)
    {
        Assert.Equal(text, new Quantity(bytes).ToString());
        Assert.Equal(bytes, Quantity.Parse(text).Bytes);
    }
}
