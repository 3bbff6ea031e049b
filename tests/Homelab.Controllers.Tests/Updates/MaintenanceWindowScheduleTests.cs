using Homelab.Api.Resources;
using Homelab.Controllers.Updates;

namespace Homelab.Controllers.Tests.Updates;

public sealed class MaintenanceWindowScheduleTests
{
    private static MaintenanceWindowSchedule Window(string start, string end, string? zone = "UTC", params string[] days)
    {
        Assert.True(MaintenanceWindowSchedule.TryCreate(new MaintenanceWindow { Days = [.. days], Start = start, End = end, TimeZone = zone }, TimeZoneInfo.Utc, out var window, out var error), error);
        return window;
    }

    [Theory]
    [InlineData("2026-11-28T22:30:00Z", true)]
    [InlineData("2026-11-29T01:59:00Z", true)]
    [InlineData("2026-11-29T02:00:00Z", false)]
    [InlineData("2026-11-29T22:30:00Z", false)]
    [InlineData("2026-11-28T21:59:00Z", false)]
    public void A_window_past_midnight_belongs_to_the_day_it_starts(string now, bool open)
    {
        var window = Window("22:00", "02:00", "UTC", "Sat");

        Assert.Equal(open, window.IsOpen(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Windows_follow_their_time_zone()
    {
        var window = Window("03:00", "06:00", "Europe/Berlin", "Sat", "Sun");

        Assert.True(window.IsOpen(new DateTimeOffset(2026, 11, 28, 2, 30, 0, TimeSpan.Zero)));
        Assert.False(window.IsOpen(new DateTimeOffset(2026, 11, 28, 5, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero), window.NextOpening(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void No_days_means_every_day()
    {
        var window = Window("01:00", "02:00");

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero), window.NextOpening(new DateTimeOffset(2026, 11, 25, 1, 30, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("Funday", "03:00", "04:00", "UTC", "spec.window.days")]
    [InlineData("Mon", "3am", "04:00", "UTC", "spec.window.start")]
    [InlineData("Mon", "03:00", "25:00", "UTC", "spec.window.end")]
    [InlineData("Mon", "03:00", "03:00", "UTC", "must differ")]
    [InlineData("Mon", "03:00", "04:00", "Mars/Olympus", "spec.window.timeZone")]
    public void Bad_windows_name_the_field(string day, string start, string end, string zone, string expected)
    {
        Assert.False(MaintenanceWindowSchedule.TryCreate(new MaintenanceWindow { Days = [day], Start = start, End = end, TimeZone = zone }, TimeZoneInfo.Utc, out _, out var error));
        Assert.Contains(expected, error);
    }
}
