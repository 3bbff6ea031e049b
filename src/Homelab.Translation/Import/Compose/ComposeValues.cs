using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Values;

namespace Homelab.Translation.Import.Compose;

/// <summary>Compose's value forms in Homelab's: names, sizes, durations, file modes, command words.</summary>
internal static class ComposeValues
{
    /// <summary>A DNS-1123 label from a Compose name: lower case, '_' and '.' as '-' (one between words), anything else left out.</summary>
    public static string Name(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => c is '_' or '.' ? '-' : c).Where(c => char.IsAsciiLetterOrDigit(c) || c == '-');
        var result = string.Join('-', new string([.. chars]).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return result.Length > 63 ? result[..63].TrimEnd('-') : result;
    }

    /// <summary>"512m", "1g", "1gb", "2.5G" or a number of bytes → "512Mi", "1Gi", …; null when it is none of these.</summary>
    public static string? Size(JsonNode? node)
    {
        var text = Text(node)?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var digits = text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
        if (digits == 0 || !decimal.TryParse(text[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        var unit = text[digits..].TrimEnd('b').TrimEnd('i');
        var power = unit switch { "" => 0, "k" => 1, "m" => 2, "g" => 3, "t" => 4, _ => -1 };
        if (power < 0)
        {
            return null;
        }
        var bytes = number;
        for (var i = 0; i < power; i++)
        {
            bytes *= 1024;
        }
        var whole = decimal.Floor(bytes);
        string[] suffixes = ["", "Ki", "Mi", "Gi", "Ti"];
        var exponent = 0;
        while (exponent < 4 && whole >= 1024 && whole % 1024 == 0)
        {
            whole /= 1024;
            exponent++;
        }
        return whole.ToString(CultureInfo.InvariantCulture) + suffixes[exponent];
    }

    /// <summary>A Compose duration ("1m30s", "10s") as Homelab's, which is the same Go form; null when it does not parse.</summary>
    public static string? Duration(JsonNode? node) =>
        Text(node) is { } text && Api.Values.Duration.TryParse(text, out _) ? text : null;

    /// <summary>
    /// A file mode. Compose writes octal (0440); YAML 1.2 reads that as the decimal number 440, so a number whose
    /// digits are all octal is read as the octal it was written as, and any other number as the mode's decimal value.
    /// </summary>
    public static string? Mode(JsonNode? node)
    {
        var text = Text(node);
        if (text is null || !int.TryParse(text.StartsWith("0o", StringComparison.Ordinal) ? text[2..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }
        var octal = text.All(c => c is >= '0' and <= '7') || text.StartsWith("0o", StringComparison.Ordinal)
            ? n.ToString(CultureInfo.InvariantCulture).TrimStart('0')
            : Convert.ToString(n, 8);
        return "0" + octal.PadLeft(3, '0');
    }

    /// <summary>A command as words: a list as it is, a string split as a shell would.</summary>
    public static List<string>? Words(JsonNode? node) => node switch
    {
        JsonArray list when list.All(i => i is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number) => [.. list.Select(i => Text(i)!)],
        JsonValue v when v.GetValueKind() == JsonValueKind.String => ShellWords.Split((string)v!),
        _ => null,
    };

    /// <summary>A string, or a number or boolean as its text (Compose reads "8080" and 8080 alike).</summary>
    public static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => (string)v!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => null,
        }
        : null;

    public static int? Int(JsonNode? node) =>
        int.TryParse(Text(node), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static bool? Bool(JsonNode? node) => Text(node) switch { "true" => true, "false" => false, _ => null };

    public static string? Quantity(string? size) => size is not null && Api.Values.Quantity.TryParse(size, out _) ? size : null;
}
