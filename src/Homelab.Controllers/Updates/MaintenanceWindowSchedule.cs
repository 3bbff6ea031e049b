using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Homelab.Api.Resources;

namespace Homelab.Controllers.Updates;

/// <summary>
/// When replacements may happen: on the listed days (all days when none), from start to end local time in the
/// window's time zone. An end before the start means the window runs past midnight into the next day.
/// </summary>
internal sealed class MaintenanceWindowSchedule
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private readonly HashSet<DayOfWeek> _days;
    private readonly TimeSpan _start;
    private readonly TimeSpan _end;

    private MaintenanceWindowSchedule(HashSet<DayOfWeek> days, TimeSpan start, TimeSpan end, TimeZoneInfo zone)
    {
        _days = days;
        _start = start;
        _end = end;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public static bool TryCreate(MaintenanceWindow window, TimeZoneInfo defaultZone, [NotNullWhen(true)] out MaintenanceWindowSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        var days = new HashSet<DayOfWeek>();
        foreach (var day in window.Days ?? [])
        {
            var index = Array.FindIndex(DayNames, d => day.Length >= 3 && day.StartsWith(d, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                error = $"spec.window.days: \"{day}\" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)";
                return false;
            }
            days.Add((DayOfWeek)index);
        }
        if (!TryParseTime(window.Start, out var start))
        {
            error = $"spec.window.start: \"{window.Start}\" is not HH:mm";
            return false;
        }
        if (!TryParseTime(window.End, out var end))
        {
            error = $"spec.window.end: \"{window.End}\" is not HH:mm";
            return false;
        }
        if (start == end)
        {
            error = "spec.window: start and end must differ";
            return false;
        }
        var zone = defaultZone;
        if (!string.IsNullOrEmpty(window.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(window.TimeZone, out zone))
        {
            error = $"spec.window.timeZone: \"{window.TimeZone}\" is not a known IANA time zone";
            return false;
        }
        schedule = new MaintenanceWindowSchedule(days.Count == 0 ? [.. Enum.GetValues<DayOfWeek>()] : days, start, end, zone!);
        error = null;
        return true;
    }

    public bool IsOpen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var time = local.TimeOfDay;
        if (_start < _end)
        {
            return _days.Contains(local.DayOfWeek) && time >= _start && time < _end;
        }
        return (_days.Contains(local.DayOfWeek) && time >= _start)
            || (_days.Contains(local.AddDays(-1).DayOfWeek) && time < _end);
    }

    /// <summary>The next moment the window opens after <paramref name="now"/>.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now)
    {
        var localDate = TimeZoneInfo.ConvertTime(now, Zone).Date;
        for (var day = 0; day <= 8; day++)
        {
            var date = localDate.AddDays(day);
            if (!_days.Contains(date.DayOfWeek))
            {
                continue;
            }
            var local = date + _start;
            if (Zone.IsInvalidTime(local))
            {
                // The start falls in a DST gap; the window opens when the clock jumps.
                local = local.AddHours(1);
            }
            var opening = new DateTimeOffset(local, Zone.GetUtcOffset(local));
            if (opening > now)
            {
                return opening;
            }
        }
        return now.AddDays(7);
    }

    private static bool TryParseTime(string text, out TimeSpan time) =>
        TimeSpan.TryParseExact(text, ["hh\\:mm", "h\\:mm"], CultureInfo.InvariantCulture, out time) && time < TimeSpan.FromDays(1);
}
