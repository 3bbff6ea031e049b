using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Homelab.Api.Serialization;

/// <summary>JSON → block YAML as kubectl prints it; strings that YAML would read back as another type are quoted.</summary>
public static partial class YamlOutput
{
    private static readonly Func<JsonNode, IReadOnlyList<string>> NoComments = _ => [];

    /// <param name="comments">Comment lines to print above the key or list item that holds a node.</param>
    public static string Write(JsonNode? node, Func<JsonNode, IReadOnlyList<string>>? comments = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node, comments ?? NoComments);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node, Func<JsonNode, IReadOnlyList<string>> comments)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    EmitComments(emitter, value, comments);
                    EmitString(emitter, key);
                    Emit(emitter, value, comments);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    EmitComments(emitter, item, comments);
                    Emit(emitter, item, comments);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case JsonValue value:
                emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static void EmitComments(IEmitter emitter, JsonNode? node, Func<JsonNode, IReadOnlyList<string>> comments)
    {
        if (node is null)
        {
            return;
        }
        foreach (var comment in comments(node))
        {
            emitter.Emit(new Comment(comment, isInline: false));
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ReadsAsOtherType(text) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    /// <summary>Plain scalars the YAML 1.1/1.2 resolvers would type as null, bool or number.</summary>
    private static bool ReadsAsOtherType(string text) => text.Length == 0 || NonStringPattern().IsMatch(text);

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?[0-9_]+(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[0-9]+(:[0-5]?[0-9])+)$")]
    private static partial Regex NonStringPattern();
}
