using System.Collections.Frozen;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using System.Text.Json.Nodes;

namespace Homelab.Server.Kubernetes;

/// <summary>The openAPIV3Schema of each kind, read once from the CRDs in crds/ that homelabd embeds at build time.</summary>
internal static class CrdSchemas
{
    private static readonly Lazy<FrozenDictionary<string, JsonObject>> Schemas = new(() =>
        ResourceKinds.All.ToFrozenDictionary(k => k.Kind, Read, StringComparer.Ordinal));

    /// <summary>The schema of <paramref name="kind"/>; shared, so callers must not change it (clone to build on it).</summary>
    public static JsonObject For(KindInfo kind) => Schemas.Value[kind.Kind];

    private static JsonObject Read(KindInfo kind)
    {
        var name = $"crds/{kind.Plural}.yaml";
        using var stream = typeof(CrdSchemas).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in homelabd");
        using var reader = new StreamReader(stream);
        var crd = YamlManifest.Parse(reader.ReadToEnd(), name)[0].Object;
        return (JsonObject)crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.DeepClone();
    }
}
