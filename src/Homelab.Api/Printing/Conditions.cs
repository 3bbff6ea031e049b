using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

/// <summary>Reading conditions the way kubectl wait does: a condition written for an older generation says nothing about this one.</summary>
public static class Conditions
{
    public static Condition? Current(ResourceStatus? status, string type, long generation)
    {
        var condition = status?.GetCondition(type);
        return condition is not null && (condition.ObservedGeneration == 0 || condition.ObservedGeneration >= generation) ? condition : null;
    }

    public static bool IsTrue(Resource resource, ResourceStatus? status, string type) =>
        Current(status, type, resource.Generation) is { Status: ConditionStatus.True };

    /// <summary>"True", "False", or "Unknown" when the condition is missing or stale.</summary>
    public static string Text(Resource resource, ResourceStatus? status, string type) =>
        Current(status, type, resource.Generation)?.Status ?? ConditionStatus.Unknown;
}
