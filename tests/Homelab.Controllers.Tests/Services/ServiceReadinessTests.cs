using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Podman;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

public sealed class ServiceReadinessTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, int?, bool, string, double, string, string> Cases => new()
    {
        // case, minReadySeconds, health check, state/health, ran for (s), Ready, reason
        { "ran past the default 1 s", null, false, "running", 1.5, ConditionStatus.True, ServiceReasons.Running },
        { "within the default 1 s", null, false, "running", 0.6, ConditionStatus.False, ServiceReasons.Starting },
        { "minReadySeconds 0: ready at once", 0, false, "running", 0, ConditionStatus.True, ServiceReasons.Running },
        { "within minReadySeconds 10", 10, false, "running", 5, ConditionStatus.False, ServiceReasons.Starting },
        { "exited", null, false, "exited", 5, ConditionStatus.False, ServiceReasons.Exited },
        { "health check passing, however short the run", 10, true, "running/healthy", 0.1, ConditionStatus.True, ServiceReasons.Running },
        { "health check not yet run", null, true, "running/starting", 60, ConditionStatus.False, ServiceReasons.HealthCheckPending },
        { "health check failing", null, true, "running/unhealthy", 60, ConditionStatus.False, ServiceReasons.Unhealthy },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ready_means_the_check_passed_or_minReadySeconds_of_running(string @case, int? minReadySeconds, bool healthCheck, string state, double ranForSeconds, string ready, string reason)
    {
        var spec = new ServiceSpec { Image = "img", MinReadySeconds = minReadySeconds, HealthCheck = healthCheck ? new HealthCheck { Command = ["true"] } : null };
        var (s, h) = state.Split('/') is [var a, var b] ? (a, b) : (state, "");
        var container = new ContainerInfo("c1", "hl-default-web", s, new Dictionary<string, string>()) { Health = h, StartedAt = Now.AddSeconds(-ranForSeconds) };

        var (value, _) = ServiceReadiness.Of(spec, container, Now, Now);

        Assert.True((ready, reason) == (value.Status, value.Reason), $"{@case}: expected {ready} {reason}, got {value.Status} {value.Reason}");
    }

    [Fact]
    public void MinReadySeconds_count_from_the_controllers_first_sight_when_podmans_clock_says_later()
    {
        var spec = new ServiceSpec { Image = "img" };
        // Podman's start time is ahead of the controller's clock: only the controller's own observation counts.
        var container = new ContainerInfo("c1", "hl-default-web", ContainerStates.Running, new Dictionary<string, string>()) { StartedAt = Now.AddHours(1) };

        Assert.Equal(ConditionStatus.False, ServiceReadiness.Of(spec, container, Now, Now).Ready.Status);
        Assert.Equal(ConditionStatus.True, ServiceReadiness.Of(spec, container, Now, Now.AddSeconds(1)).Ready.Status);
    }

    [Fact]
    public void A_container_within_minReadySeconds_is_looked_at_again_when_they_have_passed()
    {
        var spec = new ServiceSpec { Image = "img", MinReadySeconds = 5 };
        var container = new ContainerInfo("c1", "hl-default-web", ContainerStates.Running, new Dictionary<string, string>()) { StartedAt = Now.AddSeconds(-2) };

        var (_, recheck) = ServiceReadiness.Of(spec, container, Now, Now);

        Assert.Equal(TimeSpan.FromSeconds(3), recheck);
    }
}
