using Microsoft.Extensions.Logging;

namespace Homelab.Registry.Configuration;

/// <summary>
/// Which registries may be spoken to over plain HTTP, from containers-registries.conf(5): v2 <c>[[registry]]</c> tables
/// with <c>location</c>/<c>prefix</c> and <c>insecure = true</c>, and the v1 <c>[registries.insecure] registries = [...]</c>.
/// Only the handful of keys that decide the scheme are read; everything else in the file is ignored.
/// Everything not listed is HTTPS: an unlisted registry is never downgraded.
/// </summary>
internal sealed partial class RegistriesConf
{
    private readonly List<(string Prefix, bool Insecure)> _entries = [];

    public static RegistriesConf Load(IEnumerable<string> files, ILogger logger)
    {
        var conf = new RegistriesConf();
        foreach (var file in files)
        {
            try
            {
                if (File.Exists(file))
                {
                    conf.Add(File.ReadAllText(file));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogUnreadable(logger, ex, file);
            }
        }
        return conf;
    }

    public static IReadOnlyList<string> DefaultFiles(string root = "/etc/containers")
    {
        var files = new List<string> { Path.Combine(root, "registries.conf") };
        var dropIns = Path.Combine(root, "registries.conf.d");
        if (Directory.Exists(dropIns))
        {
            files.AddRange(Directory.GetFiles(dropIns, "*.conf").Order(StringComparer.Ordinal));
        }
        return files;
    }

    /// <summary>True when the longest matching entry for <c>registry/repository</c> says insecure.</summary>
    public bool IsInsecure(string registry, string repository)
    {
        var full = registry + "/" + repository;
        var best = -1;
        var insecure = false;
        foreach (var (prefix, entryInsecure) in _entries)
        {
            if (Matches(prefix, registry, full) && prefix.Length >= best)
            {
                best = prefix.Length;
                insecure = entryInsecure;
            }
        }
        return insecure;
    }

    private static bool Matches(string prefix, string registry, string full)
    {
        if (prefix.StartsWith("*.", StringComparison.Ordinal))
        {
            var host = registry.Split(':')[0];
            return host.EndsWith(prefix[1..], StringComparison.OrdinalIgnoreCase);
        }
        if (prefix.Equals(registry, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return full.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && (full.Length == prefix.Length || full[prefix.Length] is '/' or ':' or '@');
    }

    internal void Add(string text)
    {
        string? section = null;
        string? location = null;
        string? prefix = null;
        bool? insecure = null;
        void FlushRegistry()
        {
            if (section == "[[registry]]" && (prefix ?? location) is { Length: > 0 } p && insecure is { } value)
            {
                _entries.Add((p, value));
            }
            location = prefix = null;
            insecure = null;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith('['))
            {
                FlushRegistry();
                section = line.Replace(" ", "", StringComparison.Ordinal);
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.StartsWith('[') && !value.Contains(']'))
            {
                while (i + 1 < lines.Length && !value.Contains(']'))
                {
                    value += StripComment(lines[++i]).Trim();
                }
            }
            switch (section, key)
            {
                case ("[[registry]]", "location"):
                    location = Unquote(value);
                    break;
                case ("[[registry]]", "prefix"):
                    prefix = Unquote(value);
                    break;
                case ("[[registry]]", "insecure"):
                    insecure = value == "true";
                    break;
                case ("[registries.insecure]", "registries"):
                    foreach (var item in value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        _entries.Add((Unquote(item), true));
                    }
                    break;
            }
        }
        FlushRegistry();
    }

    private static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inString = !inString;
            }
            else if (line[i] == '#' && !inString)
            {
                return line[..i];
            }
        }
        return line;
    }

    private static string Unquote(string value) => value.Trim().Trim('"', '\'');

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring unreadable registries configuration {File}")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string file);
}
