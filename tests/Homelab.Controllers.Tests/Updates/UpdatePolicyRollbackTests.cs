using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Updates;
using Homelab.Operator;
using static Homelab.Controllers.Tests.Updates.UpdateHarness;

namespace Homelab.Controllers.Tests.Updates;

public sealed class UpdatePolicyRollbackTests : IDisposable
{
    private const string Hex64A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Hex64B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private readonly UpdateHarness _h = new();
    private readonly string _old = $"{Repo}:1.0";
    /// <summary>What a rollback writes back: the tag pinned to the digest that ran before the update.</summary>
    private readonly string _ran = $"{Repo}:1.0@{Digest('a')}";
    private readonly string _new = $"{Repo}:1.0@{Digest('b')}";

    public void Dispose() => _h.Dispose();

    private async Task StartUpdateAsync(Action<UpdatePolicySpec>? configure = null)
    {
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        await _h.ServiceAsync("app", _old, Digest('a'));
        _h.Policy(s =>
        {
            s.HealthTimeout = "2m";
            configure?.Invoke(s);
        });
        await _h.ReconcileAsync();
        Assert.Equal(_new, _h.Service("app").Spec.Image);
    }

    [Fact]
    public async Task Ready_false_on_the_new_image_rolls_back_and_the_digest_is_never_retried()
    {
        await StartUpdateAsync();

        await _h.RunAsync("app", Digest('b'), ready: false, reason: "HealthCheckFailed");
        await _h.ReconcileAsync();

        Assert.Equal(_ran, _h.Service("app").Spec.Image);
        var entry = _h.Entry("app");
        Assert.Equal("RolledBack", entry.LastResult);
        Assert.Equal([Digest('b')], entry.FailedDigests);
        Assert.Contains("HealthCheckFailed", entry.Message);
        var warning = Assert.Single(_h.Events("UpdateRolledBack"), e => e.InvolvedObject.Name == "app");
        Assert.Equal(EventTypes.Warning, warning.Type);

        await _h.RunAsync("app", Digest('a'));
        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.ReconcileAsync();
        Assert.Equal(_ran, _h.Service("app").Spec.Image);
        Assert.Contains("failed before", _h.Entry("app").Message);

        _h.Registry.Push(Repo, "1.0", Digest('c'));
        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.ReconcileAsync();
        Assert.Equal($"{Repo}:1.0@{Digest('c')}", _h.Service("app").Spec.Image);
    }

    [Fact]
    public async Task Not_ready_within_the_health_timeout_rolls_back()
    {
        await StartUpdateAsync();

        _h.Time.Advance(TimeSpan.FromSeconds(119));
        await _h.ReconcileAsync();
        Assert.Equal(_new, _h.Service("app").Spec.Image);

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.ReconcileAsync();
        Assert.Equal(_ran, _h.Service("app").Spec.Image);
        Assert.Contains("within 120s", _h.Entry("app").Message);
    }

    [Fact]
    public async Task A_restart_after_becoming_ready_rolls_back()
    {
        await StartUpdateAsync();

        await _h.RunAsync("app", Digest('b'), restarts: 0);
        await _h.ReconcileAsync();
        await _h.RunAsync("app", Digest('b'), restarts: 1);
        await _h.ReconcileAsync();

        Assert.Equal(_ran, _h.Service("app").Spec.Image);
        Assert.Contains("restarted", _h.Entry("app").Message);
    }

    [Fact]
    public async Task Ready_while_still_progressing_is_not_a_failure()
    {
        await StartUpdateAsync();

        await _h.RunAsync("app", Digest('b'), ready: false, reason: "Starting", progressing: true);
        await _h.ReconcileAsync();

        Assert.Equal(_new, _h.Service("app").Spec.Image);
        Assert.Equal("Updating", _h.Entry("app").LastResult);
    }

    [Fact]
    public async Task Waiting_for_the_first_health_check_is_not_a_failure_but_a_failing_check_is()
    {
        await StartUpdateAsync();

        // A container with a health check starts as "starting": Ready=False, the Service controller caught up.
        await _h.RunAsync("app", Digest('b'), ready: false, reason: "HealthCheckPending");
        await _h.ReconcileAsync();
        Assert.Equal(_new, _h.Service("app").Spec.Image);
        Assert.Equal("Updating", _h.Entry("app").LastResult);
        Assert.Contains("first passing health check", _h.Entry("app").Message);

        await _h.RunAsync("app", Digest('b'), ready: false, reason: "Unhealthy");
        await _h.ReconcileAsync();
        Assert.Equal(_ran, _h.Service("app").Spec.Image);
        Assert.Contains("Unhealthy", _h.Entry("app").Message);
    }

    [Fact]
    public async Task A_rollback_writes_back_the_digest_that_ran_not_the_tag_that_now_names_the_failed_image()
    {
        await StartUpdateAsync();

        await _h.RunAsync("app", Digest('b'), ready: false, reason: "Exited");
        await _h.ReconcileAsync();

        // The tag still names b in the registry; the bare tag would bring b straight back.
        Assert.Equal($"{Repo}:1.0@{Digest('a')}", _h.Service("app").Spec.Image);
        Assert.Contains($"rolled back to {_ran}", _h.Entry("app").Message);
        var outcome = Assert.Single(_h.Entry("app").History!);
        Assert.Equal((_ran, _new, "RolledBack"), (outcome.From, outcome.To, outcome.Result));
    }

    [Fact]
    public async Task After_a_good_update_a_failed_one_rolls_back_to_the_good_digest()
    {
        await StartUpdateAsync();
        await _h.RunAsync("app", Digest('b'));
        await _h.ReconcileAsync();
        _h.Time.Advance(_h.Options.SettlePeriod);
        await _h.ReconcileAsync();
        Assert.Equal("Updated", _h.Entry("app").LastResult);

        _h.Registry.Push(Repo, "1.0", Digest('c'));
        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.ReconcileAsync();
        Assert.Equal($"{Repo}:1.0@{Digest('c')}", _h.Service("app").Spec.Image);
        await _h.RunAsync("app", Digest('c'), ready: false, reason: "Exited");
        await _h.ReconcileAsync();

        Assert.Equal(_new, _h.Service("app").Spec.Image);
        Assert.Equal([Digest('c')], _h.Entry("app").FailedDigests);
    }

    [Theory]
    [InlineData("reg.local/team/app:1.0", true, "reg.local/team/app:1.0@sha256:" + Hex64A)]
    [InlineData("reg.local/team/app", true, "reg.local/team/app:latest@sha256:" + Hex64A)]
    [InlineData("reg.local/team/app:1.0@sha256:" + Hex64B, true, "reg.local/team/app:1.0@sha256:" + Hex64B)]
    // Status from an older generation says nothing about what this spec runs: the spec is kept as written.
    [InlineData("reg.local/team/app:1.0", false, "reg.local/team/app:1.0")]
    public void The_rollback_target_is_the_spec_pinned_to_the_digest_reported_for_it(string image, bool statusCurrent, string expected)
    {
        var service = new Service { Metadata = new ObjectMeta { Name = "app", Namespace = Ns, Generation = 3 } };
        service.Spec.Image = image;
        service.Status = new ServiceStatus { ImageDigest = "sha256:" + Hex64A, ObservedGeneration = statusCurrent ? 3 : 2 };

        Assert.Equal(expected, UpdatePolicyController.RunningImage(service));
    }

    [Fact]
    public void Without_a_reported_digest_the_rollback_target_is_the_spec_as_written()
    {
        var service = new Service { Metadata = new ObjectMeta { Name = "app", Namespace = Ns } };
        service.Spec.Image = _old;

        Assert.Equal(_old, UpdatePolicyController.RunningImage(service));
    }

    [Fact]
    public async Task Without_rollback_a_failed_update_stays_and_is_reported()
    {
        await StartUpdateAsync(s => s.Rollback = false);

        await _h.RunAsync("app", Digest('b'), ready: false, reason: "HealthCheckFailed");
        await _h.ReconcileAsync();

        Assert.Equal(_new, _h.Service("app").Spec.Image);
        Assert.Equal("Failed", _h.Entry("app").LastResult);
        Assert.Contains(_h.Events("UpdateFailed"), e => e.Type == EventTypes.Warning);
    }

    [Fact]
    public async Task A_user_edit_during_the_update_wins_and_is_not_rolled_back()
    {
        await StartUpdateAsync();

        await _h.Client.PatchAsync<Service>(Ns, "app", node =>
        {
            node["spec"]!["image"] = $"{Repo}:2.0";
            return node;
        }, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:2.0", _h.Service("app").Spec.Image);
        Assert.Equal("Failed", _h.Entry("app").LastResult);
        Assert.Null(_h.Entry("app").Pending);
    }

    [Fact]
    public async Task The_history_is_bounded()
    {
        await _h.ServiceAsync("app", _old, Digest('a'));
        _h.Policy(_ => { });
        for (var i = 0; i < _h.Options.HistoryLimit + 2; i++)
        {
            var digest = "sha256:" + i.ToString("x64");
            _h.Registry.Push(Repo, "1.0", digest);
            _h.Time.Advance(TimeSpan.FromHours(1));
            await _h.ReconcileAsync();
            await _h.RunAsync("app", digest, ready: false, reason: "Crashed");
            await _h.ReconcileAsync();
            await _h.RunAsync("app", Digest('a'));
        }

        var entry = _h.Entry("app");
        Assert.Equal(_h.Options.HistoryLimit, entry.History!.Count);
        Assert.All(entry.History, h => Assert.Equal("RolledBack", h.Result));
    }
}
