namespace Homelab.Translation.Import.Quadlet;

/// <summary>One entry of a unit file: section, key, value and the line it is on (for warnings).</summary>
internal sealed record UnitEntry(string Section, string Key, string Value, int Line);

/// <summary>
/// A systemd unit file as systemd reads it: [Section] headers, Key=Value lines (a key may repeat; each is kept, in
/// order), '#' and ';' comments, a trailing backslash continuing the line. The specifiers a root quadlet's paths use
/// are expanded (%h the home directory, %t /run, %% a percent sign); any other is left as written. Splitting a value
/// into words is each key's business.
/// </summary>
internal static class SystemdUnit
{
    public static List<UnitEntry> Parse(string text, string source, string home)
    {
        var entries = new List<UnitEntry>();
        var section = "";
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var line = lines[i].Trim();
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + " " + lines[++i].Trim();
            }
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[')
            {
                section = line.EndsWith(']') ? line[1..^1] : throw new ImportException($"{source}: line {start + 1}: \"{line}\" is not a [Section] header");
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ImportException($"{source}: line {start + 1}: \"{line}\" is not Key=Value");
            }
            entries.Add(new UnitEntry(section, line[..eq].Trim(), Specifiers(line[(eq + 1)..].Trim(), home), start + 1));
        }
        return entries;
    }

    private static string Specifiers(string value, string home)
    {
        var result = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%' || i + 1 == value.Length)
            {
                result.Append(value[i]);
                continue;
            }
            var expanded = value[i + 1] switch { 'h' => home, 't' => "/run", '%' => "%", _ => null };
            result.Append(expanded ?? value.Substring(i, 2));
            i++;
        }
        return result.ToString();
    }
}
