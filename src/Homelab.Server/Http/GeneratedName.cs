using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Server.Http;

/// <summary>
/// metadata.generateName on create, as kube-apiserver does it: when the object has no name, the prefix (cut to 58
/// characters) and five random characters from Kubernetes' alphabet, which has no vowels so no word appears.
/// </summary>
internal static class GeneratedName
{
    /// <summary>How often a name that is already taken is drawn again before the create goes on and fails with 409.</summary>
    public const int Attempts = 8;

    private const int MaxPrefix = 58;
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The prefix to draw a name from, or null when the object names itself or asks for no generated name.</summary>
    public static string? PrefixOf(JsonObject body)
    {
        if (body["metadata"] is not JsonObject metadata || metadata["name"] is JsonValue { } named && named.GetValueKind() == JsonValueKind.String && named.GetValue<string>().Length > 0)
        {
            return null;
        }
        return metadata["generateName"] switch
        {
            null => null,
            JsonValue text when text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Length > 0 => text.GetValue<string>(),
            JsonValue text when text.GetValueKind() == JsonValueKind.String => null,
            _ => throw ApiException.BadRequest("metadata.generateName: must be a string"),
        };
    }

    /// <summary>Sets metadata.name to a fresh name from <paramref name="prefix"/>.</summary>
    public static void Assign(JsonObject body, string prefix)
    {
        var suffix = string.Create(5, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
        ((JsonObject)body["metadata"]!)["name"] = (prefix.Length > MaxPrefix ? prefix[..MaxPrefix] : prefix) + suffix;
    }
}
