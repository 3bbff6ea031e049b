using System.Text;
using System.Text.Json.Nodes;

namespace Homelab.Api.Resources;

/// <summary>Reading and writing a Secret's values, and keeping them out of the last-applied annotation.</summary>
public static class SecretData
{
    /// <summary>Strict base64 (padding required), as the apiserver reads Secret data.</summary>
    public static bool TryDecode(string? value, out byte[] bytes)
    {
        bytes = [];
        if (value is null || value.Length % 4 != 0)
        {
            return false;
        }
        var buffer = new byte[value.Length / 4 * 3];
        if (!Convert.TryFromBase64String(value, buffer, out var written))
        {
            return false;
        }
        bytes = buffer[..written];
        return true;
    }

    /// <summary>stringData into data, as base64 of the UTF-8 bytes (stringData wins on a shared key, as in Kubernetes); stringData is cleared.</summary>
    public static void MergeStringData(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.StringData is { Count: > 0 } strings)
        {
            secret.Data ??= [];
            foreach (var (key, value) in strings)
            {
                secret.Data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value ?? ""));
            }
        }
        secret.StringData = null;
    }

    /// <summary>
    /// The JSON form of <see cref="MergeStringData"/>, for clients that plan on manifests: a manifest with stringData
    /// then compares equal to the stored Secret, which only ever has data. Non-string values are left for validation.
    /// </summary>
    public static void FoldStringData(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest["stringData"] is not JsonObject strings)
        {
            return;
        }
        var data = manifest["data"] as JsonObject ?? [];
        foreach (var (key, value) in strings.ToList())
        {
            if (value is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text.GetValue<string>()));
                strings.Remove(key);
            }
        }
        manifest["data"] = data;
        if (strings.Count == 0)
        {
            manifest.Remove("stringData");
        }
    }

    /// <summary>
    /// A Secret manifest as it may be kept in the last-applied annotation: its keys, none of its values. A three-way
    /// merge needs only the keys (a key applied before and no longer wanted is removed); a value there would be one more
    /// place it is stored in plain text (kubectl keeps it there; Homelab does not).
    /// </summary>
    public static JsonObject WithoutValues(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var copy = (JsonObject)manifest.DeepClone();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var field in (string[])["data", "stringData"])
        {
            if (copy[field] is JsonObject values)
            {
                keys.UnionWith(values.Select(v => v.Key));
            }
            copy.Remove(field);
        }
        if (keys.Count > 0)
        {
            copy["data"] = new JsonObject(keys.Select(k => KeyValuePair.Create(k, (JsonNode?)"")));
        }
        return copy;
    }
}
