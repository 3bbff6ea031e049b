using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Operator.Runtime;
using Homelab.Store;
using Homelab.Store.Admission;
using Homelab.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Operator.Tests.Runtime;

public sealed class KindInformerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(OperatorTestHost.Epoch);
    private readonly LiteDbResourceStore _store;
    private readonly List<(ChangeKind Change, string Name)> _changes = [];
    private readonly KindInformer _informer;
    private readonly CapturingLoggerProvider _logs = new();

    public KindInformerTests()
    {
        _store = LiteDbResourceStore.InMemory(new ResourceAdmission(), _time, new StoreOptions { WatchBufferSize = 2 });
        _informer = new KindInformer(_store, "Service", (change, obj) => _changes.Add((change, obj.Key.Name)), _logs.CreateLogger("informer"));
    }

    public void Dispose()
    {
        _informer.Dispose();
        _store.Dispose();
    }

    [Fact]
    public void The_first_list_reports_everything_as_added()
    {
        Create("a");
        Create("b");

        _informer.Restart();

        Assert.Equal([(ChangeKind.Added, "a"), (ChangeKind.Added, "b")], _changes);
    }

    [Fact]
    public void Watch_events_are_classified_by_what_changed()
    {
        _informer.Restart();
        Create("a");
        _informer.Pump();
        _store.Commit([Mutation.PatchStatus(Key("a"), s => { s["containerID"] = "x"; return s; })]);
        _store.Commit([Mutation.Patch(Key("a"), o => { o["spec"]!["image"] = "registry.local/app:2"; return o; })]);
        _store.Commit([Mutation.Delete(Key("a"))]);

        _informer.Pump();

        Assert.Equal([(ChangeKind.Added, "a"), (ChangeKind.StatusOnly, "a"), (ChangeKind.SpecOrMetadata, "a"), (ChangeKind.Deleted, "a")], _changes);
    }

    [Fact]
    public void A_watcher_cut_off_for_falling_behind_lists_again_and_reports_what_it_missed()
    {
        Create("kept");
        Create("removed");
        _informer.Restart();
        _changes.Clear();

        _store.Commit([Mutation.Delete(Key("removed"))]);
        Create("new1");
        Create("new2");
        _store.Commit([Mutation.Patch(Key("kept"), o => { o["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["x"] = "y" }; return o; })]);
        _informer.Pump();

        Assert.Equal(
            ["Added new1", "Added new2", "Deleted removed", "SpecOrMetadata kept"],
            _changes.Select(c => $"{c.Change} {c.Name}").Order(StringComparer.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Exception is StoreException { Code: 410 });
        Create("after");
        _informer.Pump();
        Assert.Equal((ChangeKind.Added, "after"), _changes[^1]);
    }

    [Fact]
    public void Own_finalizer_writes_are_not_reported_back_as_changes()
    {
        Create("a");
        _informer.Restart();
        _changes.Clear();

        _informer.WriteOwn(() => _store.Commit([Mutation.Patch(Key("a"), o =>
        {
            o["metadata"]!["finalizers"] = new System.Text.Json.Nodes.JsonArray("homelab.dev/test");
            return o;
        })])[0]);
        _informer.Pump();

        Assert.Empty(_changes);
    }

    private static ObjectKey Key(string name) => new("Service", "default", name);

    private void Create(string name) =>
        _store.Commit([Mutation.Create(Key(name), HomelabJson.ToNode(TestResources.Service(name)))]);
}
