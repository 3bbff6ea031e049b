using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

public sealed class UpdatePolicyColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => ["NAME", "SELECTOR", "STRATEGY", "MODE", "SCHEDULE", "LAST-CHECK", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var policy = LenientJson.To<UpdatePolicy>(obj);
        return
        [
            policy.Name,
            SelectorText.Format(policy.Spec.ServiceSelector),
            policy.Spec.Strategy ?? "digest",
            policy.Spec.Mode ?? "apply",
            Schedule(policy.Spec),
            policy.Status?.LastCheck is { } last ? Age.Since(last, now) : "<never>",
            Age.Since(policy.Metadata.CreationTimestamp, now),
        ];
    }

    public static string Schedule(UpdatePolicySpec spec) =>
        !string.IsNullOrEmpty(spec.Schedule) ? spec.Schedule
        : !string.IsNullOrEmpty(spec.Interval) ? $"every {spec.Interval}"
        : SelectorText.None;
}
