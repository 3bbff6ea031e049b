using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Homelab.Api.Serialization;

/// <summary>One document of a manifest stream, converted to JSON.</summary>
public sealed record ManifestDocument(string Source, int Index, long Line, JsonObject Object);

/// <summary>
/// Reads multi-document YAML (JSON is YAML too) into JSON objects, typing plain scalars by the YAML 1.2 core schema.
/// Hostile input gets a <see cref="ManifestException"/>, never a crash: nesting is bounded before the recursive loader
/// runs (a deep enough document would overflow the stack, which no catch survives), and so is what aliases expand to
/// (a "billion laughs" document is a few hundred bytes).
/// </summary>
public static partial class YamlManifest
{
    /// <summary>As the API's JSON reader allows.</summary>
    public const int MaxDepth = 64;

    /// <summary>Values a manifest stream may expand to, aliases counted each time they are used: far above any real homelab.</summary>
    public const int MaxNodes = 250_000;

    public static IReadOnlyList<ManifestDocument> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            CheckDepth(text, source);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var index = CountDocumentsBefore(text, e.Start.Line);
            var reason = e.InnerException?.Message ?? e.Message;
            throw new ManifestException("", $"YAML syntax error: {StripMark(reason)}", source, index, e.Start.Line, e.Start.Column);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet gives up this way on some malformed input ("Global tags must be valid URIs", a scanner in a
            // state it did not expect; found by YamlManifestFuzzTests), without a position.
            throw new ManifestException("", $"YAML syntax error: the reader could not continue ({e.Message})", source);
        }

        var documents = new List<ManifestDocument>();
        var budget = new NodeBudget();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            if (root is YamlScalarNode { Value: null or "" } || root is null)
            {
                continue; // an empty document between separators, as kubectl allows
            }
            JsonNode? converted;
            try
            {
                converted = ToNode(root, budget, depth: 0);
            }
            catch (ManifestException e) when (e.Source is null)
            {
                throw e.WithLocation(source, i);
            }
            if (converted is not JsonObject obj)
            {
                throw new ManifestException("", "a document must be a mapping (apiVersion, kind, metadata, spec)", source, i, root.Start.Line, root.Start.Column);
            }
            documents.Add(new ManifestDocument(source, i, root.Start.Line, obj));
        }
        return documents;
    }

    /// <summary>
    /// The parser's events are a flat stream, so nesting can be measured without recursion; the representation model
    /// that <see cref="YamlStream.Load(TextReader)"/> builds is recursive.
    /// </summary>
    private static void CheckDepth(string text, string source)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        var at = parser.Current.Start;
                        throw new ManifestException("", $"nested deeper than {MaxDepth} levels", source, CountDocumentsBefore(text, at.Line), at.Line, at.Column);
                    }
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    /// <summary>Depth is checked again here: an alias can put a deep value inside another deep value.</summary>
    private static JsonNode? ToNode(YamlNode node, NodeBudget budget, int depth)
    {
        budget.Take(node);
        if (depth > MaxDepth)
        {
            throw new ManifestException("", $"nested deeper than {MaxDepth} levels (through YAML aliases)", line: node.Start.Line, column: node.Start.Column);
        }
        return node switch
        {
            YamlMappingNode map => ToObject(map, budget, depth + 1),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(child => ToNode(child, budget, depth + 1)).ToArray()),
            YamlScalarNode scalar => ToScalar(scalar),
            _ => null,
        };
    }

    private static JsonObject ToObject(YamlMappingNode map, NodeBudget budget, int depth)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: var name })
            {
                throw new ManifestException("", "a mapping key must be a plain string, not a mapping or a list", line: key.Start.Line, column: key.Start.Column);
            }
            name ??= "";
            if (obj.ContainsKey(name))
            {
                throw new ManifestException(name, "duplicate key", line: key.Start.Line, column: key.Start.Column);
            }
            obj[name] = ToNode(value, budget, depth);
        }
        return obj;
    }

    private sealed class NodeBudget
    {
        private int _left = MaxNodes;

        public void Take(YamlNode node)
        {
            if (--_left < 0)
            {
                throw new ManifestException("", $"expands to more than {MaxNodes} values (YAML aliases used over and over?)", line: node.Start.Line, column: node.Start.Column);
            }
        }
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
