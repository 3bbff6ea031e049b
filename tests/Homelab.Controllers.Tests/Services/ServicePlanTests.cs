using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Podman;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

public sealed class ServicePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, bool, bool, int?, string?, string> Cases => new()
    {
        // case, container state+health ("" = none), current spec, runtime alive, back-off wait (s), restartPolicy, step
        { "no container", "none", false, true, null, null, nameof(ServiceStep.Create) },
        { "running, current", ContainerStates.Running, true, true, null, null, nameof(ServiceStep.Keep) },
        { "running, older spec", ContainerStates.Running, false, true, null, null, nameof(ServiceStep.Replace) },
        { "running, conmon dead", ContainerStates.Running, true, false, null, null, nameof(ServiceStep.Recreate) },
        { "running older spec, conmon dead", ContainerStates.Running, false, false, null, null, nameof(ServiceStep.Recreate) },
        { "running, health check failed threshold times", ContainerStates.Running + "/" + HealthStates.Unhealthy, true, true, null, null, nameof(ServiceStep.Kill) },
        { "running, health check starting", ContainerStates.Running + "/" + HealthStates.Starting, true, true, null, null, nameof(ServiceStep.Keep) },
        { "unhealthy but older spec: the rollout replaces it", ContainerStates.Running + "/" + HealthStates.Unhealthy, false, true, null, null, nameof(ServiceStep.Replace) },
        { "exited, back-off over", ContainerStates.Exited, true, true, 0, null, nameof(ServiceStep.Start) },
        { "exited, back-off pending", ContainerStates.Exited, true, true, 20, null, nameof(ServiceStep.BackOff) },
        { "exited, restartPolicy Never", ContainerStates.Exited, true, true, 0, RestartPolicies.Never, nameof(ServiceStep.Keep) },
        { "exited 0, restartPolicy OnFailure", ContainerStates.Exited + ":0", true, true, 0, RestartPolicies.OnFailure, nameof(ServiceStep.Keep) },
        { "exited 1, restartPolicy OnFailure", ContainerStates.Exited, true, true, 0, RestartPolicies.OnFailure, nameof(ServiceStep.Start) },
        { "exited, older spec", ContainerStates.Exited, false, true, null, null, nameof(ServiceStep.Replace) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_the_step_from_what_was_observed(string @case, string container, bool isCurrent, bool alive, int? backoffSeconds, string? restartPolicy, string expected)
    {
        var spec = new ServiceSpec
        {
            Image = "img",
            RestartPolicy = restartPolicy,
            HealthCheck = container.Contains('/', StringComparison.Ordinal) ? new HealthCheck { Command = ["true"] } : null,
        };

        var decision = ServicePlan.Decide(spec, Container(container), isCurrent, alive, backoffSeconds is { } s ? Now.AddSeconds(s) : null, Now);

        Assert.True(expected == decision.Step.ToString(), $"{@case}: expected {expected}, got {decision.Step}");
    }

    [Theory]
    [InlineData(ContainerStates.Running, false, nameof(ServiceStep.Hold))]
    [InlineData(ContainerStates.Exited, false, nameof(ServiceStep.Replace))]
    [InlineData(ContainerStates.Running, true, nameof(ServiceStep.Keep))]
    public void A_rolled_back_generation_is_not_retried_while_the_previous_container_serves(string state, bool isCurrent, string expected)
    {
        var decision = ServicePlan.Decide(new ServiceSpec { Image = "img" }, Container(state), isCurrent, true, null, Now, rolledBack: true);

        Assert.Equal(expected, decision.Step.ToString());
    }

    [Fact]
    public void A_back_off_says_how_long_is_left()
    {
        var decision = ServicePlan.Decide(new ServiceSpec { Image = "img" }, Container(ContainerStates.Exited), true, true, Now.AddSeconds(20), Now);

        Assert.Equal(TimeSpan.FromSeconds(20), decision.Wait);
    }

    [Fact]
    public void A_lost_runtime_and_a_liveness_kill_carry_their_termination_reason()
    {
        var spec = new ServiceSpec { Image = "img", HealthCheck = new HealthCheck { Command = ["true"] } };

        Assert.Equal(TerminationReasons.RuntimeLost, ServicePlan.Decide(spec, Container(ContainerStates.Running), true, false, null, Now).Reason);
        Assert.Equal(TerminationReasons.Liveness, ServicePlan.Decide(spec, Container(ContainerStates.Running + "/" + HealthStates.Unhealthy), true, true, null, Now).Reason);
    }

    /// <summary>"none", "state", "state/health" or "state:exitCode" (exit code 1 otherwise).</summary>
    private static ContainerInfo? Container(string text)
    {
        if (text == "none")
        {
            return null;
        }
        var (state, health) = text.Split('/') is [var s, var h] ? (s, h) : (text, "");
        var exitCode = 1;
        if (state.Split(':') is [var st, var code])
        {
            state = st;
            exitCode = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
        }
        return new ContainerInfo("c1", "hl-default-web", state, new Dictionary<string, string>()) { Health = health, ExitCode = exitCode };
    }
}
