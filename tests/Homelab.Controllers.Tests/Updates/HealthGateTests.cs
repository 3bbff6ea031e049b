using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Controllers.Updates;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>When the gate's time runs out, its verdict names the signal that was missing (issue 17).</summary>
public sealed class HealthGateTests
{
    private const string New = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Old = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(25);

    [Fact]
    public void A_new_image_whose_health_check_never_passed_says_there_was_no_health_status()
    {
        var verdict = Judge(Status(New, ConditionStatus.False, ServiceReasons.HealthCheckPending, "waiting for the first passing health check"));

        Assert.Equal(HealthVerdictKind.Failed, verdict.Kind);
        Assert.Equal("not healthy on the new image within 25s: no health status yet: the health check has not passed once (HealthCheckPending: waiting for the first passing health check)", verdict.Message);
    }

    [Fact]
    public void An_unhealthy_new_image_fails_at_once_naming_the_failing_check()
    {
        var verdict = HealthGate.Evaluate(Pending(), Status(New, ConditionStatus.False, ServiceReasons.Unhealthy, "the health check fails"), Start + TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), Timeout);

        Assert.Equal(HealthVerdictKind.Failed, verdict.Kind);
        Assert.Equal("Ready=False: Unhealthy: the health check fails", verdict.Message);
    }

    [Fact]
    public void A_new_container_that_exited_says_exited_even_though_the_old_one_was_restored()
    {
        var verdict = Judge(Status(Old, ConditionStatus.False, ServiceReasons.StartFailed, "container exited right after it started (exit code 1)"));

        Assert.Equal("not healthy on the new image within 25s: exited (StartFailed: container exited right after it started (exit code 1))", verdict.Message);
    }

    [Fact]
    public void Another_digest_running_is_named_with_both_digests()
    {
        var verdict = Judge(Status(Old, ConditionStatus.True, ServiceReasons.Running));

        Assert.Equal($"not healthy on the new image within 25s: the container runs {Old}, not {New} (Running)", verdict.Message);
    }

    [Fact]
    public void A_healthy_new_image_is_not_failed_at_the_timeout()
    {
        var service = Status(New, ConditionStatus.True, ServiceReasons.Running);
        var pending = Pending();

        var first = HealthGate.Evaluate(pending, service, Start + TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), Timeout);
        var later = HealthGate.Evaluate(pending, service, Start + TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(30), Timeout);

        Assert.Equal(HealthVerdictKind.Waiting, first.Kind);
        Assert.Equal(HealthVerdictKind.Healthy, later.Kind);
    }

    private static HealthVerdict Judge(Service service) =>
        HealthGate.Evaluate(Pending(), service, Start + Timeout, TimeSpan.FromSeconds(2), Timeout);

    private static PendingUpdate Pending() => new() { From = "app:1@" + Old, To = "app:1@" + New, Digest = New, StartedAt = Start };

    private static Service Status(string digest, string ready, string reason, string message = "")
    {
        var service = new Service { Metadata = new ObjectMeta { Name = "app", Namespace = "default", Generation = 2 } };
        service.Status = new ServiceStatus { ObservedGeneration = 2, ImageDigest = digest };
        service.Status.SetCondition(ConditionTypes.Ready, ready, reason, message, 2, Start);
        return service;
    }
}
