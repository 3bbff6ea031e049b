using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Homelab.Api.Serialization;

/// <summary>One document of a manifest stream, converted to JSON.</summary>
public sealed record ManifestDocument(string Source, int Index, long Line, JsonObject Object);

/// <summary>Reads multi-document YAML (JSON is YAML too) into JSON objects, typing plain scalars by the YAML 1.2 core schema.</summary>
public static partial class YamlManifest
{
    public static IReadOnlyList<ManifestDocument> Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var index = CountDocumentsBefore(text, e.Start.Line);
            var reason = e.InnerException?.Message ?? e.Message;
            throw new ManifestException("", $"YAML syntax error: {StripMark(reason)}", source, index, e.Start.Line, e.Start.Column);
        }

        var documents = new List<ManifestDocument>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            if (root is YamlScalarNode { Value: null or "" } || root is null)
            {
                continue; // an empty document between separators, as kubectl allows
            }
            if (ToNode(root) is not JsonObject obj)
            {
                throw new ManifestException("", "a document must be a mapping (apiVersion, kind, metadata, spec)", source, i, root.Start.Line, root.Start.Column);
            }
            documents.Add(new ManifestDocument(source, i, root.Start.Line, obj));
        }
        return documents;
    }

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode map => ToObject(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToNode).ToArray()),
        YamlScalarNode scalar => ToScalar(scalar),
        _ => null,
    };

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (obj.ContainsKey(name))
            {
                throw new ManifestException(name, "duplicate key", line: key.Start.Line, column: key.Start.Column);
            }
            obj[name] = ToNode(value);
        }
        return obj;
    }

    private static JsonNode? ToScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }
        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }
        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }
        if (IntPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(value);
    }

    private static int CountDocumentsBefore(string text, long line)
    {
        var index = 0;
        using var reader = new StringReader(text);
        var n = 0;
        var sawContent = false;
        while (reader.ReadLine() is { } l && ++n < line)
        {
            if (l.StartsWith("---", StringComparison.Ordinal))
            {
                if (sawContent)
                {
                    index++;
                }
                sawContent = false;
            }
            else if (l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            {
                sawContent = true;
            }
        }
        return index;
    }

    private static string StripMark(string message) => MarkPattern().Replace(message, "").Trim();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):")]
    private static partial Regex MarkPattern();
}
