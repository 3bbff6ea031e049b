using Homelab.Api.Values;
using Xunit;

namespace Homelab.Api.Tests.Values;

public sealed class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("1m0.5s", 60_500)]
    [InlineData("0", 0)]
    [InlineData("1500us", 1.5)]
    public void Parses_go_style_durations(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Duration.Parse(text).Value);

    [Theory]
    [InlineData("", "must be a duration")]
    [InlineData("30", "needs a unit")]
    [InlineData("5 m", "unknown unit \" m\"")]
    [InlineData("5min", "unknown unit \"min\"")]
    [InlineData("-5s", "expected a number at position 1")]
    [InlineData("h", "expected a number at position 1")]
    [InlineData("1.2.3s", "expected a number")]
    [InlineData("99999999999999999999h", "too long a duration")]
    [InlineData("9999999999999999999999999999ns", "too long a duration")]
    [InlineData("300000000h", "too long a duration")]
    public void Refuses_what_is_not_a_duration_saying_why(string text, string reason)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("30s")]
    [InlineData("500ms")]
    [InlineData("2h")]
    [InlineData("1m0.5s", "1m0.5s")]
    [InlineData("90s", "1m30s")]
    [InlineData("0s")]
    [InlineData("1500us", "1500us")]
    public void Formats_compactly_and_round_trips(string text, string? expected = null)
    {
        var formatted = Duration.Parse(text).ToString();
        Assert.Equal(expected ?? text, formatted);
        Assert.Equal(Duration.Parse(text), Duration.Parse(formatted));
    }

    [Fact]
    public void Durations_order_by_length() => Assert.True(Duration.Parse("59s") < Duration.Parse("1m"));
}
