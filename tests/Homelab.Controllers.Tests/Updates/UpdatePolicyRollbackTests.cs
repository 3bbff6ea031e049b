using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Operator;
using static Homelab.Controllers.Tests.Updates.UpdateHarness;

namespace Homelab.Controllers.Tests.Updates;

public sealed class UpdatePolicyRollbackTests : IDisposable
{
    private readonly UpdateHarness _h = new();
    private readonly string _old = $"{Repo}:1.0";
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

        Assert.Equal(_old, _h.Service("app").Spec.Image);
        var entry = _h.Entry("app");
        Assert.Equal("RolledBack", entry.LastResult);
        Assert.Equal([Digest('b')], entry.FailedDigests);
        Assert.Contains("HealthCheckFailed", entry.Message);
        var warning = Assert.Single(_h.Events("UpdateRolledBack"), e => e.InvolvedObject.Name == "app");
        Assert.Equal(EventTypes.Warning, warning.Type);

        await _h.RunAsync("app", Digest('a'));
        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.ReconcileAsync();
        Assert.Equal(_old, _h.Service("app").Spec.Image);
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
        Assert.Equal(_old, _h.Service("app").Spec.Image);
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

        Assert.Equal(_old, _h.Service("app").Spec.Image);
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
