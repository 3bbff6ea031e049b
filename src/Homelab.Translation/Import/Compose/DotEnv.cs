using System.Text;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// A <c>.env</c> or <c>env_file</c> as Compose reads it: <c>KEY=VALUE</c> lines, <c>export</c> allowed, <c>#</c> comments
/// (inline only after a blank in an unquoted value), single quotes literal, double quotes with <c>\n</c>, <c>\t</c>,
/// <c>\"</c>, <c>\\</c> escapes, unquoted and double-quoted values interpolated with the variables defined so far. A line
/// <c>KEY</c> without '=' takes the value from <paramref name="lookup"/> and is left out when that has none.
/// </summary>
internal static class DotEnv
{
    public static Dictionary<string, string> Parse(string text, string source, Func<string, string?> lookup)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Lookup(string name) => values.TryGetValue(name, out var v) ? v : lookup(name);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? line : line[..eq]).Trim();
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                throw new ImportException($"{source}: line {n + 1}: \"{lines[n]}\" is not KEY=VALUE");
            }
            if (eq < 0)
            {
                if (lookup(key) is { } inherited)
                {
                    values[key] = inherited;
                }
                continue;
            }
            var raw = line[(eq + 1)..].TrimStart();
            try
            {
                values[key] = raw switch
                {
                    ['\'', ..] => Quoted(raw, '\'', source, n),
                    ['"', ..] => Interpolation.Apply(Unescape(Quoted(raw, '"', source, n)), Lookup),
                    _ => Interpolation.Apply(WithoutComment(raw).TrimEnd(), Lookup),
                };
            }
            catch (ImportException e)
            {
                throw new ImportException($"{source}: line {n + 1}: {e.Message}");
            }
        }
        return values;
    }

    private static string Quoted(string raw, char quote, string source, int line)
    {
        var close = raw.LastIndexOf(quote);
        return close > 0 ? raw[1..close] : throw new ImportException($"{source}: line {line + 1}: the value's {quote} quote is never closed");
    }

    private static string WithoutComment(string raw)
    {
        var hash = raw.IndexOf(" #", StringComparison.Ordinal);
        return hash < 0 ? raw : raw[..hash];
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                result.Append(value[++i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                result.Append(value[i]);
            }
        }
        return result.ToString();
    }
}
