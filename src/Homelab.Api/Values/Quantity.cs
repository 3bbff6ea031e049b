using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Homelab.Api.Values;

/// <summary>
/// A size in bytes written as Kubernetes writes memory: "512Mi", "2Gi", "1G", "100k", "1.5Gi" or plain bytes ("1048576").
/// Binary suffixes Ki Mi Gi Ti Pi Ei are powers of 1024; decimal k (or K) M G T P E are powers of 1000.
/// </summary>
public readonly record struct Quantity(long Bytes) : IComparable<Quantity>
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("Pi", 1L << 50), ("Ei", 1L << 60),
        ("k", 1_000L), ("K", 1_000L), ("M", 1_000_000L), ("G", 1_000_000_000L), ("T", 1_000_000_000_000L),
        ("P", 1_000_000_000_000_000L), ("E", 1_000_000_000_000_000_000L),
    ];

    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity, out var error) ? quantity : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity) => TryParse(text, out quantity, out _);

    public static bool TryParse([NotNullWhen(true)] string? text, out Quantity quantity, [NotNullWhen(false)] out string? error)
    {
        quantity = default;
        var trimmed = text?.Trim() ?? "";
        var digits = 0;
        while (digits < trimmed.Length && (char.IsAsciiDigit(trimmed[digits]) || trimmed[digits] == '.'))
        {
            digits++;
        }
        var suffix = trimmed[digits..];
        long factor = 1;
        if (suffix.Length > 0)
        {
            var match = Array.Find(Suffixes, s => s.Suffix == suffix);
            factor = match.Factor;
        }
        if (digits == 0 || factor == 0
            || !decimal.TryParse(trimmed.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"\"{text}\" is not a size: use bytes or a number with Ki, Mi, Gi, Ti (1024-based) or k, M, G, T (1000-based), e.g. \"512Mi\"";
            return false;
        }
        try
        {
            // Fractions round up, as Kubernetes does: "1.5" bytes of memory is 2 bytes.
            quantity = new Quantity((long)decimal.Ceiling(number * factor));
        }
        catch (OverflowException)
        {
            error = $"\"{text}\" is too large";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>The largest suffix that divides exactly: 536870912 → "512Mi", 1000000000 → "1G", 1500 → "1500".</summary>
    public override string ToString()
    {
        if (Bytes == 0)
        {
            return "0";
        }
        foreach (var (suffix, factor) in Suffixes.Where(s => s.Suffix != "K").OrderByDescending(s => s.Factor))
        {
            if (Bytes % factor == 0)
            {
                return (Bytes / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }
        return Bytes.ToString(CultureInfo.InvariantCulture);
    }

    public int CompareTo(Quantity other) => Bytes.CompareTo(other.Bytes);
}
