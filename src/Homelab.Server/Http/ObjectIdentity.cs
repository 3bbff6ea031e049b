using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Store;

namespace Homelab.Server.Http;

/// <summary>
/// Reads the identity (kind, namespace, name) of an object in a request body and reconciles it with what the path
/// says: missing parts are filled in, contradictions are refused before anything reaches the store.
/// </summary>
internal static class ObjectIdentity
{
    /// <summary>
    /// The key of <paramref name="body"/>. <paramref name="kind"/> null means the body's kind decides (batch).
    /// <paramref name="pathNamespace"/>/<paramref name="pathName"/> null mean the path does not say.
    /// Fills apiVersion, kind and metadata.namespace into the body when absent.
    /// </summary>
    public static ObjectKey Resolve(JsonObject body, KindInfo? kind, string? pathNamespace, string? pathName, string field = "")
    {
        var prefix = field.Length == 0 ? "" : field + ".";
        var bodyKind = String(body, "kind", prefix);
        if (kind is null)
        {
            if (bodyKind is null)
            {
                throw ApiException.BadRequest($"{prefix}kind: is required");
            }
            kind = ResourceKinds.ByKind(bodyKind)
                ?? throw ApiException.BadRequest($"{prefix}kind: unknown kind \"{bodyKind}\"; known kinds: {string.Join(", ", ResourceKinds.All.Select(k => k.Kind))}");
        }
        else if (bodyKind is not null && bodyKind != kind.Kind)
        {
            throw ApiException.BadRequest($"{prefix}kind: \"{bodyKind}\" does not match the path, which is for {kind.Kind}");
        }
        var apiVersion = String(body, "apiVersion", prefix);
        if (apiVersion is not null && apiVersion != ApiGroup.ApiVersion)
        {
            throw ApiException.BadRequest($"{prefix}apiVersion: must be {ApiGroup.ApiVersion}, not \"{apiVersion}\"");
        }
        body["apiVersion"] = ApiGroup.ApiVersion;
        body["kind"] = kind.Kind;

        var metadata = body["metadata"] switch
        {
            null => new JsonObject(),
            JsonObject existing => existing,
            _ => throw ApiException.BadRequest($"{prefix}metadata: must be an object"),
        };
        body["metadata"] = metadata;

        var name = String(metadata, "name", prefix + "metadata.");
        if (pathName is not null && name is not null && name != pathName)
        {
            throw ApiException.BadRequest($"{prefix}metadata.name: \"{name}\" does not match the name in the path, \"{pathName}\"");
        }
        name ??= pathName;
        if (string.IsNullOrEmpty(name))
        {
            throw ApiException.Invalid(kind.Kind, "", $"{prefix}metadata.name", "Required value: name is required");
        }
        metadata["name"] = name;

        var ns = String(metadata, "namespace", prefix + "metadata.");
        if (!kind.Namespaced)
        {
            if (!string.IsNullOrEmpty(ns))
            {
                throw ApiException.BadRequest($"{prefix}metadata.namespace: {kind.Kind} is cluster-scoped and has no namespace");
            }
            metadata.Remove("namespace");
            return new ObjectKey(kind.Kind, "", name);
        }
        if (pathNamespace is not null && !string.IsNullOrEmpty(ns) && ns != pathNamespace)
        {
            throw ApiException.BadRequest($"{prefix}metadata.namespace: \"{ns}\" does not match the namespace in the path, \"{pathNamespace}\"");
        }
        ns = string.IsNullOrEmpty(ns) ? pathNamespace ?? ApiGroup.DefaultNamespace : ns;
        metadata["namespace"] = ns;
        return new ObjectKey(kind.Kind, ns, name);
    }

    /// <summary>metadata.resourceVersion of <paramref name="body"/>, parsed, or null.</summary>
    public static long? ResourceVersion(JsonObject body, string field = "")
    {
        var metadata = body["metadata"] as JsonObject;
        var prefix = field.Length == 0 ? "" : field + ".";
        var value = metadata is null ? null : String(metadata, "resourceVersion", prefix + "metadata.");
        return QueryParameters.ResourceVersion(value, prefix + "metadata.resourceVersion");
    }

    private static string? String(JsonObject node, string property, string prefix)
    {
        var value = node[property];
        if (value is null)
        {
            return null;
        }
        return value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw ApiException.BadRequest($"{prefix}{property}: must be a string");
    }
}
