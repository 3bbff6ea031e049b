using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Homelab.Api.Resources;

namespace Homelab.Api.Serialization;

/// <summary>
/// The one JSON dialect of the API: camelCase, nulls omitted, unknown fields rejected (kubectl's strict field validation).
/// Type metadata comes from <see cref="HomelabJsonContext"/>, not reflection: a type missing there fails in every build,
/// not only in the Native AOT one.
/// </summary>
public static class HomelabJson
{
    public static readonly JsonSerializerOptions Options = Create();
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    /// <summary>The API's dialect; <paramref name="resolver"/> adds a layer's own types, e.g. the server's non-resource answers.</summary>
    public static JsonSerializerOptions Create(IJsonTypeInfoResolver? resolver = null, bool indented = false)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            AllowTrailingCommas = false,
            NumberHandling = JsonNumberHandling.Strict,
        };
        if (resolver is not null)
        {
            options.TypeInfoResolverChain.Add(resolver);
        }
        options.TypeInfoResolverChain.Add(HomelabJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The metadata of <typeparamref name="T"/> in the API's dialect.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions? options = null) => (JsonTypeInfo<T>)(options ?? Options).GetTypeInfo(typeof(T));

    public static string Serialize<T>(T value, bool indented = false) => JsonSerializer.Serialize(value, TypeInfo<T>(indented ? Indented : Options));

    public static JsonObject ToNode(Resource resource) => (JsonObject)JsonSerializer.SerializeToNode(resource, Options.GetTypeInfo(resource.GetType()))!;

    /// <summary>Reads any kind from JSON. Throws <see cref="ManifestException"/> naming the field when the shape is wrong.</summary>
    public static Resource ToResource(JsonObject node)
    {
        var kindName = node["kind"]?.GetValueKind() == JsonValueKind.String ? node["kind"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(kindName))
        {
            throw new ManifestException("kind", "is required");
        }
        var kind = ResourceKinds.ByKind(kindName)
            ?? throw new ManifestException("kind", $"unknown kind \"{kindName}\"; known kinds: {string.Join(", ", ResourceKinds.All.Select(k => k.Kind))}");
        var apiVersion = node["apiVersion"]?.GetValueKind() == JsonValueKind.String ? node["apiVersion"]!.GetValue<string>() : null;
        if (apiVersion != ApiGroup.ApiVersion)
        {
            throw new ManifestException("apiVersion", $"must be {ApiGroup.ApiVersion}, not \"{apiVersion}\"");
        }
        return (Resource)Deserialize(node, kind.ClrType);
    }

    public static T ToResource<T>(JsonObject node) where T : Resource => (T)Deserialize(node, typeof(T));

    private static object Deserialize(JsonNode node, Type type)
    {
        try
        {
            return node.Deserialize(Options.GetTypeInfo(type)) ?? throw new ManifestException("", "is null");
        }
        catch (JsonException e)
        {
            throw new ManifestException(FieldPath(e.Path), Describe(e));
        }
    }

    /// <summary>"$.spec.ports[0].containerPort" → "spec.ports[0].containerPort".</summary>
    internal static string FieldPath(string? jsonPath) => (jsonPath ?? "").TrimStart('$').TrimStart('.');

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "unknown field";
        }
        if (message.Contains("could not be converted to System.String", StringComparison.Ordinal))
        {
            return "must be a string (quote the value)";
        }
        if (message.Contains("could not be converted to System.Int", StringComparison.Ordinal) || message.Contains("could not be converted to System.Nullable`1[System.Int", StringComparison.Ordinal))
        {
            return "must be an integer";
        }
        if (message.Contains("System.Boolean", StringComparison.Ordinal))
        {
            return "must be true or false";
        }
        if (message.Contains("System.Collections.Generic.List", StringComparison.Ordinal))
        {
            return "must be a list";
        }
        if (message.Contains("System.Collections.Generic.Dictionary", StringComparison.Ordinal))
        {
            return "must be a map of strings";
        }
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return "has the wrong type";
        }
        return e.InnerException?.Message ?? message;
    }
}
