using System.Text;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// The Compose Specification's interpolation: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c> (unset or empty),
/// <c>${VAR-default}</c> (unset), <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+alt}</c>, <c>${VAR+alt}</c>, and
/// <c>$$</c> for a literal <c>$</c>. Defaults and alternatives are interpolated in turn, as Compose does. An unset
/// variable without a default is the empty string, and is reported once through <paramref name="unset"/> (Compose warns).
/// </summary>
internal static class Interpolation
{
    public static string Apply(string text, Func<string, string?> lookup, Action<string>? unset = null)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                i++;
                continue;
            }
            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var end = ClosingBrace(text, i + 2);
                result.Append(Braced(text[(i + 2)..end], lookup, unset));
                i = end + 1;
            }
            else if (IsNameStart(next))
            {
                var start = i + 1;
                var stop = start;
                while (stop < text.Length && IsNamePart(text[stop]))
                {
                    stop++;
                }
                result.Append(Value(text[start..stop], lookup, unset) ?? "");
                i = stop;
            }
            else
            {
                // "$5" or "a $ b": not an expression, kept as written, as Compose keeps it.
                result.Append(c);
                i++;
            }
        }
        return result.ToString();
    }

    private static string Braced(string inner, Func<string, string?> lookup, Action<string>? unset)
    {
        var nameEnd = 0;
        while (nameEnd < inner.Length && IsNamePart(inner[nameEnd]))
        {
            nameEnd++;
        }
        var name = inner[..nameEnd];
        if (name.Length == 0 || !IsNameStart(name[0]))
        {
            throw new ImportException($"invalid interpolation format for \"${{{inner}}}\": a variable name starts with a letter or '_'");
        }
        var rest = inner[nameEnd..];
        if (rest.Length == 0)
        {
            return Value(name, lookup, unset) ?? "";
        }
        var colon = rest[0] == ':';
        var op = colon ? (rest.Length > 1 ? rest[1] : '\0') : rest[0];
        var argument = rest[(colon ? 2 : 1)..];
        var value = lookup(name);
        var missing = colon ? string.IsNullOrEmpty(value) : value is null;
        switch (op)
        {
            case '-':
                return missing ? Apply(argument, lookup, unset) : value!;
            case '?':
                if (missing)
                {
                    var reason = Apply(argument, lookup, unset);
                    throw new ImportException($"required variable {name} is {(value is null ? "missing" : "empty")}{(reason.Length > 0 ? ": " + reason : "")}");
                }
                return value!;
            case '+':
                return missing ? "" : Apply(argument, lookup, unset);
            default:
                throw new ImportException($"invalid interpolation format for \"${{{inner}}}\": after the name comes '}}', ':-', '-', ':?', '?', ':+' or '+'");
        }
    }

    private static string? Value(string name, Func<string, string?> lookup, Action<string>? unset)
    {
        var value = lookup(name);
        if (value is null)
        {
            unset?.Invoke(name);
        }
        return value;
    }

    /// <summary>The index of the '}' that closes the expression starting at <paramref name="start"/>; nested ${…} count.</summary>
    private static int ClosingBrace(string text, int start)
    {
        var depth = 1;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }
        throw new ImportException($"invalid interpolation format for \"{text}\": a '${{' is never closed");
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
