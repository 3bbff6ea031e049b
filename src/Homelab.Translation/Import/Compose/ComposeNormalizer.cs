using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// Rewrites a service's short syntaxes into the long ones, as Compose does before it merges files: environment and
/// labels lists become mappings, <c>depends_on</c> and <c>networks</c> lists become mappings, ports, volumes, secrets,
/// configs and env_file entries become objects, and relative paths become absolute against the directory the file's
/// paths are relative to. Forms that are not Compose's are left as they are, for the importer to report.
/// </summary>
internal static class ComposeNormalizer
{
    public static void Service(JsonObject service, string baseDir, Func<string, string?> environment)
    {
        Mapping(service, "environment", environment);
        Mapping(service, "labels", null);
        if (service["depends_on"] is JsonArray depends)
        {
            service["depends_on"] = ToMap(depends, _ => new JsonObject { ["condition"] = "service_started" });
        }
        if (service["networks"] is JsonArray networks)
        {
            service["networks"] = ToMap(networks, _ => null);
        }
        Each(service, "ports", Port);
        Each(service, "volumes", v => Volume(v, baseDir));
        Each(service, "secrets", Reference);
        Each(service, "configs", Reference);
        switch (service["env_file"])
        {
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                service["env_file"] = new JsonArray(EnvFile(single, baseDir));
                break;
            case JsonArray files:
                service["env_file"] = new JsonArray([.. files.Select(f => EnvFile(f, baseDir))]);
                break;
        }
        switch (service["extends"])
        {
            case JsonValue name when name.GetValueKind() == JsonValueKind.String:
                service["extends"] = new JsonObject { ["service"] = name.DeepClone() };
                break;
            case JsonObject { } extends when extends["file"] is JsonValue file && file.GetValueKind() == JsonValueKind.String:
                extends["file"] = Absolute((string)file!, baseDir);
                break;
        }
    }

    /// <summary>A file of a top-level secret or config, absolute.</summary>
    public static void FileResource(JsonObject resource, string baseDir)
    {
        if (resource["file"] is JsonValue file && file.GetValueKind() == JsonValueKind.String)
        {
            resource["file"] = Absolute((string)file!, baseDir);
        }
    }

    public static string Absolute(string path, string baseDir) => path switch
    {
        ['~', ..] => Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", path.TrimStart('~').TrimStart('/')),
        _ => Path.GetFullPath(path, baseDir),
    };

    /// <summary>"KEY=VALUE" list → mapping; a bare "KEY" (or KEY: null) takes the value from the environment, or is left out.</summary>
    private static void Mapping(JsonObject service, string key, Func<string, string?>? environment)
    {
        var map = new JsonObject();
        switch (service[key])
        {
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    {
                        return;
                    }
                    var text = (string)v!;
                    var eq = text.IndexOf('=', StringComparison.Ordinal);
                    map[eq < 0 ? text : text[..eq]] = eq < 0 ? null : text[(eq + 1)..];
                }
                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    map[name] = value switch
                    {
                        null => null,
                        JsonValue s when s.GetValueKind() == JsonValueKind.String => (string)s!,
                        JsonValue scalar when scalar.GetValueKind() is not (JsonValueKind.Object or JsonValueKind.Array) => scalar.ToJsonString(),
                        _ => value.DeepClone(),
                    };
                }
                break;
            default:
                return;
        }
        if (environment is not null)
        {
            foreach (var (name, value) in map.ToList())
            {
                if (value is null)
                {
                    if (environment(name) is { } inherited)
                    {
                        map[name] = inherited;
                    }
                    else
                    {
                        map.Remove(name);
                    }
                }
            }
        }
        service[key] = map;
    }

    private static JsonObject ToMap(JsonArray list, Func<string, JsonNode?> value)
    {
        var map = new JsonObject();
        foreach (var item in list)
        {
            if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                map[(string)v!] = value((string)v!);
            }
        }
        return map;
    }

    private static void Each(JsonObject service, string key, Func<JsonNode?, IEnumerable<JsonNode?>> normalize)
    {
        if (service[key] is JsonArray list)
        {
            service[key] = new JsonArray([.. list.SelectMany(i => normalize(i)).Select(n => n?.Parent is null ? n : n.DeepClone())]);
        }
    }

    private static IEnumerable<JsonNode?> Reference(JsonNode? item) =>
        [item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? new JsonObject { ["source"] = (string)v! } : item];

    private static JsonNode? EnvFile(JsonNode? item, string baseDir) => item switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new JsonObject { ["path"] = Absolute((string)v!, baseDir), ["required"] = true },
        JsonObject { } o when o["path"] is JsonValue p && p.GetValueKind() == JsonValueKind.String =>
            new JsonObject { ["path"] = Absolute((string)p!, baseDir), ["required"] = o["required"]?.DeepClone() ?? true },
        _ => item?.DeepClone(),
    };

    /// <summary>"SOURCE:TARGET[:MODE]" or "TARGET"; a source starting with '.', '/' or '~' is a bind mount.</summary>
    private static IEnumerable<JsonNode?> Volume(JsonNode? item, string baseDir)
    {
        if (item is JsonObject long_)
        {
            if (long_["type"]?.ToString() == "bind" && long_["source"] is JsonValue s && s.GetValueKind() == JsonValueKind.String)
            {
                long_["source"] = Absolute((string)s!, baseDir);
            }
            return [long_];
        }
        if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            return [item];
        }
        var parts = ((string)v!).Split(':');
        var result = new JsonObject();
        if (parts.Length == 1)
        {
            result["type"] = "volume";
            result["target"] = parts[0];
            return [result];
        }
        var source = parts[0];
        var bind = source is ['.' or '/' or '~', ..];
        result["type"] = bind ? "bind" : "volume";
        result["source"] = bind ? Absolute(source, baseDir) : source;
        result["target"] = parts[1];
        if (parts.Length > 2)
        {
            var options = parts[2].Split(',');
            if (options.Contains("ro"))
            {
                result["read_only"] = true;
            }
            var rest = options.Where(o => o is not ("ro" or "rw")).ToList();
            if (rest.Count > 0)
            {
                result["options"] = string.Join(',', rest);
            }
        }
        return [result];
    }

    /// <summary>"[[IP:]PUBLISHED:]TARGET[/PROTOCOL]", where PUBLISHED and TARGET may be equal-sized ranges.</summary>
    private static IEnumerable<JsonNode?> Port(JsonNode? item)
    {
        string text;
        if (item is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            text = v.ToJsonString();
        }
        else if (item is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            text = (string)s!;
        }
        else
        {
            return [item];
        }
        var protocol = "tcp";
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..];
            text = text[..slash];
        }
        // An IPv6 host IP is bracketed: [::1]:8080:80.
        string? hostIp = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            hostIp = text[1..close];
            text = text[(close + 2)..];
        }
        var parts = text.Split(':');
        if (parts.Length == 3)
        {
            hostIp = parts[0];
            parts = parts[1..];
        }
        var targets = Range(parts[^1], text);
        var published = parts.Length == 2 && parts[0].Length > 0 ? Range(parts[0], text) : null;
        if (published is not null && published.Count != targets.Count && published.Count != 1)
        {
            throw new ImportException($"port \"{text}\": the published range and the container range differ in size");
        }
        var ports = new List<JsonNode?>();
        for (var i = 0; i < targets.Count; i++)
        {
            var port = new JsonObject { ["target"] = targets[i] };
            if (published is not null)
            {
                port["published"] = (published.Count == 1 ? published[0] : published[i]).ToString(CultureInfo.InvariantCulture);
            }
            if (!string.IsNullOrEmpty(hostIp))
            {
                port["host_ip"] = hostIp;
            }
            port["protocol"] = protocol;
            ports.Add(port);
        }
        return ports;
    }

    private static List<int> Range(string text, string whole)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (!int.TryParse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(dash < 0 ? text : text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first)
        {
            throw new ImportException($"port \"{whole}\": \"{text}\" is not a port or a range of ports");
        }
        return [.. Enumerable.Range(first, last - first + 1)];
    }
}
