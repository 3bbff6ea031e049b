using System.Text.Json.Nodes;
using Homelab.Api.Meta;

namespace Homelab.Operator.Runtime;

/// <summary>
/// Sets a condition on a status JSON object without knowing the kind's status type, with the same rule as
/// <see cref="ResourceStatus.SetCondition"/>: lastTransitionTime moves only when the status value flips.
/// </summary>
internal static class StatusConditions
{
    public static JsonObject Set(JsonObject status, string type, string value, string reason, string message, long observedGeneration, DateTimeOffset now)
    {
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type };
            conditions.Add((JsonNode)existing);
        }
        if (existing["status"]?.GetValue<string>() != value || existing["lastTransitionTime"] is null)
        {
            existing["lastTransitionTime"] = JsonValue.Create(now);
        }
        existing["status"] = value;
        existing["reason"] = reason;
        existing["message"] = message;
        existing["observedGeneration"] = observedGeneration;
        return status;
    }
}
