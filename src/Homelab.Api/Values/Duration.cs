using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Homelab.Api.Values;

/// <summary>
/// A Go-style duration ("500ms", "30s", "5m", "2h", "1h30m", "1.5h"): what every duration field of the API holds.
/// Units: ns, us (or µs), ms, s, m, h. Negative durations are refused: no field has a use for them.
/// </summary>
public readonly record struct Duration(TimeSpan Value) : IComparable<Duration>
{
    public static Duration Zero => new(TimeSpan.Zero);

    public static Duration Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out Duration duration) => TryParse(text, out duration, out _);

    public static bool TryParse([NotNullWhen(true)] string? text, out Duration duration, [NotNullWhen(false)] out string? error)
    {
        duration = Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must be a duration such as \"30s\", \"5m\" or \"1h30m\"";
            return false;
        }
        if (text == "0")
        {
            error = null;
            return true;
        }
        decimal ticks = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }
            if (i == start || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"\"{text}\" is not a duration: expected a number at position {start + 1} (units ns, us, ms, s, m, h, e.g. \"1h30m\")";
                return false;
            }
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }
            var unit = text[unitStart..i];
            if (!TryTicksPerUnit(unit, out var perUnit))
            {
                error = unit.Length == 0
                    ? $"\"{text}\" is not a duration: the number at position {start + 1} needs a unit (ns, us, ms, s, m, h)"
                    : $"\"{text}\" is not a duration: unknown unit \"{unit}\" (use ns, us, ms, s, m, h)";
                return false;
            }
            // Checked before multiplying: a number of 20 digits times an hour's ticks overflows even decimal.
            if (number > (TimeSpan.MaxValue.Ticks - ticks) / perUnit)
            {
                error = $"\"{text}\" is too long a duration";
                return false;
            }
            ticks += number * perUnit;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                error = $"\"{text}\" is too long a duration";
                return false;
            }
        }
        duration = new Duration(TimeSpan.FromTicks((long)decimal.Round(ticks)));
        error = null;
        return true;
    }

    private static bool TryTicksPerUnit(string unit, out decimal ticks)
    {
        ticks = unit switch
        {
            "ns" => 0.01m,
            "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => -1,
        };
        return ticks > 0;
    }

    /// <summary>Compact Go-like text: "1h30m", "30s", "1.5s", "500ms", "0s".</summary>
    public override string ToString()
    {
        var ticks = Value.Ticks;
        if (ticks == 0)
        {
            return "0s";
        }
        var builder = new StringBuilder();
        if (ticks < 0)
        {
            builder.Append('-');
            ticks = -ticks;
        }
        if (ticks < TimeSpan.TicksPerSecond)
        {
            return builder.Append(ticks % TimeSpan.TicksPerMillisecond == 0
                ? $"{ticks / TimeSpan.TicksPerMillisecond}ms"
                : ticks % TimeSpan.TicksPerMicrosecond == 0 ? $"{ticks / TimeSpan.TicksPerMicrosecond}us" : $"{ticks * 100}ns").ToString();
        }
        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var secondTicks = ticks % TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }
        if (minutes > 0)
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }
        if (secondTicks > 0)
        {
            var seconds = (decimal)secondTicks / TimeSpan.TicksPerSecond;
            builder.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        }
        return builder.ToString();
    }

    public int CompareTo(Duration other) => Value.CompareTo(other.Value);

    public static bool operator <(Duration left, Duration right) => left.Value < right.Value;
    public static bool operator >(Duration left, Duration right) => left.Value > right.Value;
    public static bool operator <=(Duration left, Duration right) => left.Value <= right.Value;
    public static bool operator >=(Duration left, Duration right) => left.Value >= right.Value;

    public static implicit operator TimeSpan(Duration duration) => duration.Value;
    public static implicit operator Duration(TimeSpan value) => new(value);
}
