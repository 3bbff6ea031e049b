using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Translation.Export;

/// <summary>
/// A Secret maps 1:1 onto a core Secret (type, data as base64, immutable). Written only with --include-secrets: an
/// export is a set of plain files, and a password in one is a password in every copy and commit of them.
/// </summary>
internal static class SecretExporter
{
    public static JsonObject Export(Secret secret)
    {
        SecretData.MergeStringData(secret);
        var document = MetadataMapping.Object("v1", "Secret", secret.Name, secret.Namespace,
            MetadataMapping.Labels(secret.Metadata), MetadataMapping.Annotations(secret.Metadata));
        if (secret.Immutable is { } immutable)
        {
            document["immutable"] = immutable;
        }
        var data = new JsonObject();
        foreach (var (key, value) in (secret.Data ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data[key] = value;
        }
        if (data.Count > 0)
        {
            document["data"] = data;
        }
        document["type"] = secret.Type ?? SecretTypes.Opaque;
        return document;
    }
}
