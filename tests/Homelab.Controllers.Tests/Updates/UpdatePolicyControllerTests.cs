using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Updates;
using Homelab.Operator;
using static Homelab.Controllers.Tests.Updates.UpdateHarness;

namespace Homelab.Controllers.Tests.Updates;

public sealed class UpdatePolicyControllerTests : IDisposable
{
    private readonly UpdateHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task New_digest_is_rolled_out_when_the_interval_elapses()
    {
        _h.Registry.Push(Repo, "1.0", Digest('a'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(s => s.Strategy = "digest");

        var first = await _h.ReconcileAsync();
        Assert.Equal(TimeSpan.FromHours(1), first.RequeueAfter);
        Assert.Equal("UpToDate", _h.Entry("app").LastResult);

        _h.Registry.Push(Repo, "1.0", Digest('b'));
        _h.Time.Advance(TimeSpan.FromMinutes(30));
        await _h.ReconcileAsync();
        Assert.Equal(1, _h.Registry.Queries);
        Assert.Equal($"{Repo}:1.0", _h.Service("app").Spec.Image);

        _h.Time.Advance(TimeSpan.FromMinutes(31));
        await _h.ReconcileAsync();
        Assert.Equal($"{Repo}:1.0@{Digest('b')}", _h.Service("app").Spec.Image);
        Assert.Equal("Updating", _h.Entry("app").LastResult);

        await _h.RunAsync("app", Digest('b'));
        await _h.ReconcileAsync();
        Assert.Equal("Updating", _h.Entry("app").LastResult);

        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.ReconcileAsync();
        var entry = _h.Entry("app");
        Assert.Equal("Updated", entry.LastResult);
        Assert.Equal(_h.Time.GetUtcNow(), entry.LastUpdate);
        Assert.Null(entry.AvailableImage);
        var outcome = Assert.Single(entry.History!);
        // From names the digest that ran before: the image a rollback would have written back.
        Assert.Equal(($"{Repo}:1.0@{Digest('a')}", $"{Repo}:1.0@{Digest('b')}", "Updated"), (outcome.From, outcome.To, outcome.Result));
        Assert.Contains(_h.Events("Updated"), e => e.Type == EventTypes.Normal && e.InvolvedObject.Name == "app");
    }

    [Fact]
    public async Task Semver_allow_patch_picks_the_newest_patch_release()
    {
        _h.Registry.Push(Repo, "1.2.3", Digest('a'));
        _h.Registry.Push(Repo, "1.2.4", Digest('b'));
        _h.Registry.Push(Repo, "1.2.5-rc.1", Digest('c'));
        _h.Registry.Push(Repo, "1.3.0", Digest('d'));
        _h.Registry.Push(Repo, "2.0.0", Digest('e'));
        await _h.ServiceAsync("app", $"{Repo}:1.2.3", Digest('a'));
        _h.Policy(s =>
        {
            s.Strategy = "semver";
            s.Semver = new SemverPolicy { Allow = "patch" };
        });

        await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.2.4@{Digest('b')}", _h.Service("app").Spec.Image);
    }

    [Fact]
    public async Task Notify_mode_reports_the_update_and_changes_nothing()
    {
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(s => s.Mode = "notify");

        await _h.ReconcileAsync();
        _h.Time.Advance(TimeSpan.FromHours(2));
        await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.0", _h.Service("app").Spec.Image);
        Assert.Equal(1, _h.Service("app").Generation);
        var entry = _h.Entry("app");
        Assert.Equal("UpdateAvailable", entry.LastResult);
        Assert.Equal($"{Repo}:1.0@{Digest('b')}", entry.AvailableImage);
        Assert.Contains(_h.Events("UpdateAvailable"), e => e.Type == EventTypes.Normal);
    }

    [Fact]
    public async Task Outside_the_window_nothing_is_replaced_until_it_opens()
    {
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(s =>
        {
            s.Interval = "168h";
            s.Window = new MaintenanceWindow { Days = ["Mon"], Start = "03:00", End = "05:00", TimeZone = "UTC" };
        });

        var result = await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.0", _h.Service("app").Spec.Image);
        Assert.Equal("OutsideWindow", _h.Entry("app").LastResult);
        var mondayThree = new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(mondayThree - Start, result.RequeueAfter);

        _h.Time.SetUtcNow(mondayThree.AddMinutes(1));
        await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.0@{Digest('b')}", _h.Service("app").Spec.Image);
    }

    [Fact]
    public async Task Registry_down_marks_the_policy_not_ready_and_leaves_services_alone()
    {
        _h.Registry.Down = true;
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(_ => { });

        var result = await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.0", _h.Service("app").Spec.Image);
        var ready = _h.GetPolicy().Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, "RegistryError"), (ready.Status, ready.Reason));
        Assert.Contains("connection refused", ready.Message);
        Assert.Equal("RegistryError", _h.Entry("app").LastResult);
        Assert.Equal(_h.Options.RegistryRetryDelay, result.RequeueAfter);
        var warning = Assert.Single(_h.Events("RegistryError"));
        Assert.Equal((EventTypes.Warning, "weekly"), (warning.Type, warning.InvolvedObject.Name));
        Assert.Contains("connection refused", warning.Message, StringComparison.Ordinal);

        _h.Registry.Down = false;
        _h.Registry.Push(Repo, "1.0", Digest('a'));
        _h.Time.Advance(_h.Options.RegistryRetryDelay);
        await _h.ReconcileAsync();

        Assert.Equal(ConditionStatus.True, _h.GetPolicy().Status!.GetCondition(ConditionTypes.Ready)!.Status);
        Assert.Equal("UpToDate", _h.Entry("app").LastResult);
    }

    [Fact]
    public async Task A_registry_that_keeps_failing_is_asked_again_after_doubling_waits()
    {
        _h.Registry.Down = true;
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(_ => { });
        var delays = new List<TimeSpan?>();

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var result = await _h.ReconcileAsync();
            delays.Add(result.RequeueAfter);
            _h.Time.Advance(result.RequeueAfter!.Value);
        }

        var first = _h.Options.RegistryRetryDelay;
        Assert.Equal([first, first, 2 * first, 4 * first], delays);
        Assert.Equal(4, _h.Events("RegistryError").Sum(e => e.Count));
    }

    [Fact]
    public async Task At_most_maxParallel_services_update_at_once()
    {
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        foreach (var name in new[] { "a", "b", "c" })
        {
            await _h.ServiceAsync(name, $"{Repo}:1.0", Digest('a'));
        }
        _h.Policy(s => s.MaxParallel = 2);
        var updated = $"{Repo}:1.0@{Digest('b')}";

        await _h.ReconcileAsync();
        Assert.Equal([updated, updated, $"{Repo}:1.0"], new[] { "a", "b", "c" }.Select(n => _h.Service(n).Spec.Image));
        Assert.Contains("free slot", _h.Entry("c").Message);

        await _h.RunAsync("a", Digest('b'));
        await _h.ReconcileAsync();
        Assert.Equal($"{Repo}:1.0", _h.Service("c").Spec.Image);

        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.ReconcileAsync();
        Assert.Equal("Updated", _h.Entry("a").LastResult);
        Assert.Equal(updated, _h.Service("c").Spec.Image);
    }

    [Fact]
    public async Task Many_services_on_one_image_cost_one_registry_query()
    {
        _h.Registry.Push(Repo, "1.0", Digest('a'));
        _h.Registry.Push("reg.local/team/other", "2", Digest('c'));
        for (var i = 0; i < 10; i++)
        {
            await _h.ServiceAsync($"app-{i}", $"{Repo}:1.0", Digest('a'));
            await _h.ServiceAsync($"other-{i}", "reg.local/team/other:2", Digest('c'));
        }
        _h.Policy(_ => { });

        await _h.ReconcileAsync();

        Assert.Equal(2, _h.Registry.DigestQueries);
        Assert.Equal(20, _h.GetPolicy().Status!.Services!.Count);
    }

    [Fact]
    public async Task Check_now_annotation_newer_than_the_last_check_forces_a_check()
    {
        _h.Registry.Push(Repo, "1.0", Digest('a'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(s => s.Mode = "notify");
        await _h.ReconcileAsync();
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        await SetCheckNowAsync(Start.AddMinutes(-1));
        await _h.ReconcileAsync();
        Assert.Equal(1, _h.Registry.Queries);

        await SetCheckNowAsync(_h.Time.GetUtcNow());
        await _h.ReconcileAsync();
        Assert.Equal(2, _h.Registry.Queries);
        Assert.Equal($"{Repo}:1.0@{Digest('b')}", _h.Entry("app").AvailableImage);
    }

    [Fact]
    public async Task Services_not_selected_are_neither_checked_nor_listed()
    {
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        await _h.ServiceAsync("mine", $"{Repo}:1.0", Digest('a'));
        await _h.ServiceAsync("theirs", $"{Repo}:1.0", Digest('a'), selected: false);
        _h.Policy(_ => { });

        await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.0", _h.Service("theirs").Spec.Image);
        Assert.Equal(["media/mine"], _h.GetPolicy().Status!.Services!.Select(s => s.Service));
    }

    [Fact]
    public async Task A_reconcile_that_learns_nothing_writes_nothing()
    {
        _h.Registry.Push(Repo, "1.0", Digest('a'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(_ => { });
        await _h.ReconcileAsync();
        var revision = _h.Revision;

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.ReconcileAsync();

        Assert.Equal(revision, _h.Revision);
    }

    [Fact]
    public async Task Old_images_beyond_keepImages_are_removed_but_never_one_in_use()
    {
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Images.Images.AddRange(
        [
            new LocalImage("old", [], [$"{Repo}@{Digest('a')}"], Start.AddDays(-3), InUse: false),
            new LocalImage("used", [], [$"{Repo}@{Digest('c')}"], Start.AddDays(-2), InUse: true),
            new LocalImage("other-repo", ["reg.local/team/other:1"], [], Start.AddDays(-9), InUse: false),
            new LocalImage("new", [$"{Repo}:1.0"], [$"{Repo}@{Digest('b')}"], Start, InUse: true),
        ]);
        _h.Policy(s => s.KeepImages = 1);

        await _h.ReconcileAsync();
        await _h.RunAsync("app", Digest('b'));
        await _h.ReconcileAsync();
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.ReconcileAsync();

        Assert.Equal("Updated", _h.Entry("app").LastResult);
        Assert.Equal([$"{Repo}@{Digest('a')}"], _h.Images.Removed);
    }

    private Task SetCheckNowAsync(DateTimeOffset when) =>
        _h.Client.PatchAsync<UpdatePolicy>(Ns, "weekly", node =>
        {
            var metadata = (JsonObject)node["metadata"]!;
            metadata["annotations"] = new JsonObject { [UpdateAnnotations.CheckNow] = when.ToString("O") };
            return node;
        }, CancellationToken.None);
}
