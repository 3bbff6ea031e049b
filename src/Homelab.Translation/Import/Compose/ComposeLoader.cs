using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Homelab.Api.Serialization;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// Reads Compose files into one <see cref="ComposeProject"/> in Compose's order: the <c>.env</c> of the project directory
/// (the first file's), interpolation of every value (the process environment wins over <c>.env</c>), the long syntax,
/// the files merged in order, <c>extends</c> resolved (same file or another, whose paths are its own), the project name
/// (<c>--project-name</c>, <c>COMPOSE_PROJECT_NAME</c>, top-level <c>name</c>, else the directory's name, normalized)
/// and profiles (a service with profiles is enabled only by one of them, <c>--profile</c> or <c>COMPOSE_PROFILES</c>).
/// </summary>
internal sealed partial class ComposeLoader(Func<string, string?> processEnvironment, List<ConversionWarning> warnings)
{
    /// <summary>The names Compose looks for when no -f is given, in its order.</summary>
    public static readonly string[] DefaultFiles = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

    private static readonly string[] OverrideFiles = ["compose.override.yaml", "compose.override.yml", "docker-compose.override.yml", "docker-compose.override.yaml"];

    private Func<string, string?> _environment = name => processEnvironment(name);
    private readonly HashSet<string> _unset = new(StringComparer.Ordinal);
    private readonly HashSet<string> _projectFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonObject Definition, string Source, Dictionary<string, string> Fields)> _merged = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Discover(string directory)
    {
        var main = DefaultFiles.Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists)
            ?? throw new ImportException($"no Compose file in {directory} (looked for {string.Join(", ", DefaultFiles)}); name one with -f");
        return [main, .. OverrideFiles.Select(f => Path.Combine(directory, f)).Where(File.Exists).Take(1)];
    }

    public ComposeProject Load(IReadOnlyList<string> files, string? projectName, IReadOnlyCollection<string> profiles)
    {
        var projectDir = Path.GetDirectoryName(Path.GetFullPath(files[0]))!;
        var dotEnv = Path.Combine(projectDir, ".env");
        if (File.Exists(dotEnv))
        {
            var values = DotEnv.Parse(File.ReadAllText(dotEnv), dotEnv, processEnvironment);
            _environment = name => processEnvironment(name) ?? values.GetValueOrDefault(name);
        }
        var model = new JsonObject();
        var services = _merged;
        _projectFiles.UnionWith(files);
        foreach (var file in files)
        {
            var doc = Read(file, projectDir);
            foreach (var (key, value) in doc)
            {
                if (key == "services")
                {
                    continue;
                }
                if (key == "include")
                {
                    warnings.Add(new(file, "project", "include", "not read: name the included files with more -f options instead"));
                    continue;
                }
                ComposeMerge.Into(model, new JsonObject { [key] = value?.DeepClone() });
            }
            foreach (var (name, definition) in doc["services"] as JsonObject ?? [])
            {
                if (definition is not JsonObject service)
                {
                    throw new ImportException($"{file}: services.{name}: a service must be a mapping");
                }
                if (!services.TryGetValue(name, out var entry))
                {
                    entry = (new JsonObject(), file, new Dictionary<string, string>(StringComparer.Ordinal));
                    services[name] = entry;
                }
                ComposeMerge.Into(entry.Definition, service, key => entry.Fields[key] = file);
            }
        }

        var resolved = new List<ComposeService>();
        foreach (var (name, entry) in services)
        {
            var definition = Extends(name, entry.Definition, entry.Source, [name]);
            resolved.Add(new ComposeService(name, definition, entry.Source, entry.Fields));
        }
        var name_ = ProjectName(projectName, model, projectDir);
        var active = Profiles(resolved, profiles);
        foreach (var variable in _unset.Order(StringComparer.Ordinal))
        {
            warnings.Add(new(files[0], "project", "${" + variable + "}", "the variable is not set; it was read as an empty string"));
        }
        return new ComposeProject(name_, files[0], active,
            model["networks"] as JsonObject ?? [], model["volumes"] as JsonObject ?? [], model["secrets"] as JsonObject ?? [], model["configs"] as JsonObject ?? [],
            _environment);
    }

    /// <summary>One file: parsed, interpolated, in the long syntax, with its paths absolute against <paramref name="baseDir"/>.</summary>
    private JsonObject Read(string file, string baseDir)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{file}: {e.Message}");
        }
        var documents = YamlManifest.Parse(text, file);
        if (documents.Count != 1)
        {
            throw new ImportException($"{file}: a Compose file is one YAML document, not {documents.Count}");
        }
        var doc = documents[0].Object;
        try
        {
            Interpolate(doc);
        }
        catch (ImportException e)
        {
            throw new ImportException($"{file}: {e.Message}");
        }
        foreach (var (_, service) in doc["services"] as JsonObject ?? [])
        {
            if (service is JsonObject s)
            {
                ComposeNormalizer.Service(s, baseDir, _environment);
            }
        }
        foreach (var kind in new[] { "secrets", "configs" })
        {
            foreach (var (_, resource) in doc[kind] as JsonObject ?? [])
            {
                if (resource is JsonObject r)
                {
                    ComposeNormalizer.FileResource(r, baseDir);
                }
            }
        }
        return doc;
    }

    private void Interpolate(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        obj[key] = Interpolation.Apply((string)v!, _environment, n => _unset.Add(n));
                    }
                    else
                    {
                        Interpolate(value);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        array[i] = Interpolation.Apply((string)v!, _environment, n => _unset.Add(n));
                    }
                    else
                    {
                        Interpolate(array[i]);
                    }
                }
                break;
        }
    }

    /// <summary>The service with what it extends merged under it, recursively; <paramref name="chain"/> catches cycles.</summary>
    private JsonObject Extends(string name, JsonObject service, string file, List<string> chain)
    {
        if (service["extends"] is not JsonObject extends)
        {
            return service;
        }
        var baseName = extends["service"]?.ToString() ?? throw new ImportException($"{file}: services.{name}.extends: names no service");
        var baseFile = extends["file"]?.ToString();
        JsonObject baseService;
        string baseSource;
        if (baseFile is null)
        {
            // In a project file, the merged definition (overrides included); in a file named by extends, that file's.
            baseService = _projectFiles.Contains(file) && _merged.TryGetValue(baseName, out var merged)
                ? merged.Definition
                : Read(file, Path.GetDirectoryName(Path.GetFullPath(file))!)["services"]?[baseName] as JsonObject
                    ?? throw new ImportException($"{file}: services.{name}.extends: no service {baseName} in this file");
            baseSource = file;
        }
        else
        {
            var doc = Read(baseFile, Path.GetDirectoryName(baseFile)!);
            baseService = doc["services"]?[baseName] as JsonObject ?? throw new ImportException($"{file}: services.{name}.extends: no service {baseName} in {baseFile}");
            baseSource = baseFile;
        }
        var key = baseSource + "#" + baseName;
        if (chain.Contains(key))
        {
            throw new ImportException($"{file}: services.{name}.extends: a cycle ({string.Join(" → ", chain)} → {key})");
        }
        var result = (JsonObject)Extends(baseName, baseService, baseSource, [.. chain, key]).DeepClone();
        var own = (JsonObject)service.DeepClone();
        own.Remove("extends");
        ComposeMerge.Into(result, own);
        return result;
    }

    private string ProjectName(string? option, JsonObject model, string projectDir)
    {
        var raw = option ?? _environment("COMPOSE_PROJECT_NAME") ?? model["name"]?.ToString();
        if (raw is not null)
        {
            return ValidProjectName().IsMatch(raw) ? raw : throw new ImportException(
                $"project name \"{raw}\": must be lower-case letters, digits, '-' and '_', starting with a letter or digit");
        }
        // As Compose normalizes a directory's name: lower case, only [a-z0-9_-], no leading '-' or '_'.
        var normalized = new string([.. Path.GetFileName(projectDir).ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')]).TrimStart('-', '_');
        return normalized.Length > 0 ? normalized : throw new ImportException($"{projectDir}: the directory's name gives no project name; give one with --project-name");
    }

    private List<ComposeService> Profiles(List<ComposeService> services, IReadOnlyCollection<string> profiles)
    {
        var enabled = new HashSet<string>(profiles, StringComparer.Ordinal);
        foreach (var p in (_environment("COMPOSE_PROFILES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            enabled.Add(p);
        }
        bool Active(ComposeService s) =>
            s.Definition["profiles"] is not JsonArray { Count: > 0 } list || enabled.Contains("*") || list.Any(p => enabled.Contains(p?.ToString() ?? ""));
        var active = services.Where(Active).ToList();
        foreach (var service in active)
        {
            service.Definition.Remove("profiles");
        }
        return active;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ValidProjectName();
}
