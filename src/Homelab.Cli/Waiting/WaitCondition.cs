using System.Text.Json.Nodes;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Waiting;

/// <summary>What `wait --for` waits for: a condition with a status, or the object being gone.</summary>
internal sealed record WaitCondition(string? Type, string Status, bool Delete)
{
    public static WaitCondition Ready { get; } = new("Ready", "True", false);

    /// <summary>The object no longer exists: `--for=delete`.</summary>
    public static WaitCondition Gone { get; } = new(null, "", true);

    /// <summary>"delete", "condition=Ready", "condition=Ready=False" (kubectl's forms; the value is case-insensitive).</summary>
    public static WaitCondition Parse(string text)
    {
        if (string.Equals(text, "delete", StringComparison.OrdinalIgnoreCase))
        {
            return Gone;
        }
        const string Prefix = "condition=";
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || text.Length == Prefix.Length)
        {
            throw new CliException($"unrecognized --for \"{text}\": use --for=condition=Ready, --for=condition=Ready=False or --for=delete");
        }
        var rest = text[Prefix.Length..];
        var equals = rest.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return new WaitCondition(rest, "True", false);
        }
        var status = rest[(equals + 1)..];
        status = status.Length == 0 ? "True" : char.ToUpperInvariant(status[0]) + status[1..].ToLowerInvariant();
        return new WaitCondition(rest[..equals], status, false);
    }

    /// <summary>
    /// Whether <paramref name="obj"/> (null: gone) meets the condition. A condition whose observedGeneration is below
    /// metadata.generation describes an older spec, so it is not met — as kubectl wait decides.
    /// </summary>
    public bool IsMet(JsonObject? obj)
    {
        if (Delete)
        {
            return obj is null;
        }
        if (obj is null)
        {
            return false;
        }
        var generation = JsonText.Long(obj["metadata"]?["generation"]) ?? 0;
        if (obj["status"]?["conditions"] is not JsonArray conditions)
        {
            return false;
        }
        foreach (var condition in conditions.OfType<JsonObject>())
        {
            if (!string.Equals(JsonText.String(condition["type"]), Type, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var observed = JsonText.Long(condition["observedGeneration"]) ?? JsonText.Long(obj["status"]?["observedGeneration"]) ?? 0;
            return observed >= generation && string.Equals(JsonText.String(condition["status"]), Status, StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    /// <summary>
    /// Why Ready=True will never come for this generation, or null: the controller ended the rollout of this very
    /// generation with Progressing=False RolledBack (the previous spec serves). Waiting on would only time out.
    /// </summary>
    public string? Unreachable(JsonObject? obj)
    {
        if (Delete || obj is null || !string.Equals(Type, "Ready", StringComparison.OrdinalIgnoreCase) || !string.Equals(Status, "True", StringComparison.OrdinalIgnoreCase)
            || obj["status"]?["conditions"] is not JsonArray conditions)
        {
            return null;
        }
        var generation = JsonText.Long(obj["metadata"]?["generation"]) ?? 0;
        var progressing = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonText.String(c["type"]) == "Progressing");
        return progressing is not null
            && JsonText.String(progressing["status"]) == "False"
            && JsonText.String(progressing["reason"]) == "RolledBack"
            && (JsonText.Long(progressing["observedGeneration"]) ?? 0) >= generation
            ? $"rolled back: {JsonText.String(progressing["message"])}"
            : null;
    }

    public string Describe => Delete ? "deleted" : "condition met";
}
