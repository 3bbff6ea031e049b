using System.Text.Json.Nodes;
using Homelab.Operator.Runtime;

namespace Homelab.Operator.Tests.Runtime;

public sealed class StatusConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void A_new_condition_is_added_beside_the_existing_ones()
    {
        var status = new JsonObject { ["ip"] = "10.89.0.2", ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "True" }) };

        StatusConditions.Set(status, "Ready", "False", "Broken", "it broke", 3, T0);

        Assert.Equal("10.89.0.2", status["ip"]!.GetValue<string>());
        var conditions = status["conditions"]!.AsArray();
        Assert.Equal(2, conditions.Count);
        Assert.Equal(3, conditions[1]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(T0, conditions[1]!["lastTransitionTime"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public void The_transition_time_stays_when_only_reason_or_message_change()
    {
        var status = new JsonObject();
        StatusConditions.Set(status, "Ready", "False", "Broken", "first", 1, T0);

        StatusConditions.Set(status, "Ready", "False", "StillBroken", "second", 2, T1);

        var ready = status["conditions"]![0]!;
        Assert.Equal(T0, ready["lastTransitionTime"]!.GetValue<DateTimeOffset>());
        Assert.Equal(("StillBroken", "second", 2L), (ready["reason"]!.GetValue<string>(), ready["message"]!.GetValue<string>(), ready["observedGeneration"]!.GetValue<long>()));
    }

    [Fact]
    public void The_transition_time_moves_when_the_status_flips()
    {
        var status = new JsonObject();
        StatusConditions.Set(status, "Ready", "True", "Running", "", 1, T0);

        StatusConditions.Set(status, "Ready", "False", "Crashed", "exit 1", 1, T1);

        Assert.Equal(T1, status["conditions"]![0]!["lastTransitionTime"]!.GetValue<DateTimeOffset>());
    }
}
