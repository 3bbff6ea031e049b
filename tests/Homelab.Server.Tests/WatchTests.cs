using System.Net;
using System.Text.Json.Nodes;
using Homelab.Store;
using Homelab.TestKit;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Homelab.Server.Tests;

public sealed class WatchTests : IAsyncLifetime
{
    private TestDaemon daemon = null!;

    private HttpClient Http => daemon.Http;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync(
        builder => builder.Services.Configure<StoreOptions>(o => o.ChangelogRetention = 2),
        options => options.WatchBookmarkInterval = TimeSpan.FromMilliseconds(200));

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    [Fact]
    public async Task Watch_from_a_resource_version_sees_later_changes_in_order()
    {
        var first = await Http.CreateAsync(Manifests.Service("web"));
        using var watch = await WatchStream.OpenAsync(Http, ApiCalls.ServicesPath("default") + "?watch=true&resourceVersion=" + first.ResourceVersion());
        await Http.CreateAsync(Manifests.Service("db"));
        using (var patch = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), new JsonObject { ["spec"] = new JsonObject { ["image"] = "registry.local/web:1.1" } }, "application/merge-patch+json"))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }
        using (var delete = await Http.DeleteAsync(ApiCalls.ServicesPath("default", "db")))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        var events = new[] { await watch.NextAsync(), await watch.NextAsync(), await watch.NextAsync() };

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.Type));
        Assert.Equal(["db", "web", "db"], events.Select(e => e.Name));
        var versions = events.Select(e => long.Parse(e.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal("registry.local/web:1.1", events[1].Object["spec"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_with_a_name_field_selector_sees_only_that_object_and_ends_after_timeout_seconds()
    {
        var web = await Http.CreateAsync(Manifests.Service("web"));
        using var watch = await WatchStream.OpenAsync(Http, ApiCalls.ServicesPath("default") + "?watch=true&fieldSelector=metadata.name%3Ddb&timeoutSeconds=2&resourceVersion=" + web.ResourceVersion());
        await Http.CreateAsync(Manifests.Service("other"));
        await Http.CreateAsync(Manifests.Service("db"));

        var only = await watch.NextAsync();
        var started = DateTime.UtcNow;

        Assert.Equal(("ADDED", "db"), (only.Type, only.Name));
        Assert.Null(await watch.NextOrEndAsync());
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Watch_without_a_resource_version_starts_with_the_current_objects()
    {
        await Http.CreateAsync(Manifests.Service("web"));
        using var watch = await WatchStream.OpenAsync(Http, ApiCalls.ServicesPath("default") + "?watch=true");

        var first = await watch.NextAsync();

        Assert.Equal(("ADDED", "web"), (first.Type, first.Name));
    }

    [Fact]
    public async Task Watch_with_a_label_selector_reports_objects_leaving_the_selection_as_deleted()
    {
        var labels = new Dictionary<string, string> { ["tier"] = "front" };
        var created = await Http.CreateAsync(Manifests.Service("web", labels: labels));
        await Http.CreateAsync(Manifests.Service("db"));
        using var watch = await WatchStream.OpenAsync(Http, ApiCalls.ServicesPath("default") + "?watch=true&labelSelector=tier%3Dfront&resourceVersion=" + created.ResourceVersion());
        using (var patch = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("default", "web"), new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "back" } } }, "application/merge-patch+json"))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        var left = await watch.NextAsync();

        Assert.Equal(("DELETED", "web"), (left.Type, left.Name));
    }

    [Fact]
    public async Task Watch_from_a_compacted_revision_ends_with_an_error_410()
    {
        var first = await Http.CreateAsync(Manifests.Service("a"));
        await Http.CreateAsync(Manifests.Service("b"));
        await Http.CreateAsync(Manifests.Service("c"));
        await Http.CreateAsync(Manifests.Service("d"));
        daemon.Store.Compact();
        Assert.True(daemon.Store.CompactedRevision > long.Parse(first.ResourceVersion(), System.Globalization.CultureInfo.InvariantCulture));

        using var watch = await WatchStream.OpenAsync(Http, ApiCalls.ServicesPath("default") + "?watch=true&resourceVersion=" + first.ResourceVersion());
        var error = await watch.NextAsync();

        Assert.Equal("ERROR", error.Type);
        Assert.Equal(410, error.Object["code"]!.GetValue<int>());
        Assert.Equal("Gone", error.Object["reason"]!.GetValue<string>());
        Assert.Null(await watch.NextOrEndAsync());
    }

    [Fact]
    public async Task A_watch_that_falls_behind_ends_with_an_error_410_saying_why()
    {
        await using var small = await TestDaemon.StartAsync(builder => builder.Services.Configure<StoreOptions>(o => o.WatchBufferSize = 1));
        using var watch = await WatchStream.OpenAsync(small.Http, ApiCalls.ServicesPath("default") + "?watch=true&resourceVersion=" + small.Store.Revision);

        // One commit hands the watch all its changes at once, faster than the stream can take them off a queue of one.
        small.Store.Commit([.. Enumerable.Range(0, 100).Select(i => Mutation.Create(new ObjectKey("Service", "default", $"svc-{i}"), Manifests.Service($"svc-{i}")))]);
        var events = new List<WatchedEvent>();
        while (await watch.NextOrEndAsync() is { } next)
        {
            events.Add(next);
        }

        var error = events[^1];
        Assert.Equal("ERROR", error.Type);
        Assert.Equal(410, error.Object["code"]!.GetValue<int>());
        Assert.Equal("Gone", error.Object["reason"]!.GetValue<string>());
        Assert.Contains("fell too far behind", error.Object["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(events.Count - 1, 1, 99);
    }

    [Fact]
    public async Task A_watcher_that_stops_reading_is_disconnected_once_cut_off_and_the_drain_time_is_over()
    {
        var logs = new CapturingLoggerProvider();
        await using var small = await TestDaemon.StartAsync(
            builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Services.Configure<StoreOptions>(o =>
                {
                    o.WatchBufferSize = 50;
                    o.WatchDrainTimeout = TimeSpan.FromSeconds(1);
                });
            });
        using var watch = await WatchStream.OpenAsync(small.Http, ApiCalls.ServicesPath("default") + "?watch=true&resourceVersion=" + small.Store.Revision);

        // Opened and then not read. One commit overflows the store's queue of 50 at once, and those 50 alone are more than
        // the socket holds: the 410 after them cannot go out.
        small.Store.Commit(LargeServices("big", 100, 20_000));
        var dropped = await Eventually.FirstAsync(() => logs.Entries.FirstOrDefault(e => e.Message.StartsWith("Dropped a watch of Service", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

        Assert.Equal(LogLevel.Warning, dropped.Level);
        var events = await ReadUntilEndAsync(watch);
        Assert.InRange(events.Count, 1, 49);
        Assert.DoesNotContain(events, e => e.Type == "ERROR");
    }

    [Fact]
    public async Task A_watcher_that_pauses_is_not_dropped_by_kestrels_minimum_response_rate()
    {
        await using var strict = await TestDaemon.StartAsync(builder => builder.Services.Configure<KestrelServerOptions>(
            kestrel => kestrel.Limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 1_000_000, gracePeriod: TimeSpan.FromSeconds(2))));
        using var watch = await WatchStream.OpenAsync(strict.Http, ApiCalls.ServicesPath("default") + "?watch=true&resourceVersion=" + strict.Store.Revision);

        // More than the socket holds, then a pause well past the rate's grace: Kestrel alone would end the connection here.
        strict.Store.Commit(LargeServices("big", 300, 4_000));
        await Task.Delay(TimeSpan.FromSeconds(6));
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal("ADDED", (await watch.NextAsync()).Type);
        }
        strict.Store.Commit([Mutation.Create(new ObjectKey("Service", "default", "after"), Manifests.Service("after"))]);

        Assert.Equal("after", (await watch.NextAsync()).Name);
    }

    /// <summary>Services with a note of <paramref name="noteBytes"/>, to fill a socket with few events.</summary>
    private static Mutation[] LargeServices(string prefix, int count, int noteBytes) =>
    [
        .. Enumerable.Range(0, count).Select(i =>
        {
            var service = Manifests.Service($"{prefix}-{i}");
            service["metadata"]!["annotations"] = new JsonObject { ["note"] = new string('x', noteBytes) };
            return Mutation.Create(new ObjectKey("Service", "default", $"{prefix}-{i}"), service);
        }),
    ];

    /// <summary>Every event until the server ends the stream or the connection breaks.</summary>
    private static async Task<List<WatchedEvent>> ReadUntilEndAsync(WatchStream watch)
    {
        var events = new List<WatchedEvent>();
        try
        {
            while (await watch.NextOrEndAsync() is { } next)
            {
                events.Add(next);
            }
        }
        catch (IOException)
        {
        }
        return events;
    }

    [Fact]
    public async Task Watch_with_bookmarks_sends_the_last_revision_sent()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));
        using var watch = await WatchStream.OpenAsync(Http, ApiCalls.ServicesPath("default") + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + created.ResourceVersion());

        var bookmark = await watch.NextAsync();

        Assert.Equal("BOOKMARK", bookmark.Type);
        Assert.Equal(created.ResourceVersion(), bookmark.ResourceVersion);
        Assert.Equal("Service", bookmark.Object["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stopping_the_daemon_ends_open_watches_cleanly()
    {
        var created = await Http.CreateAsync(Manifests.Service("web"));
        using var watch = await WatchStream.OpenAsync(Http, ApiCalls.ServicesPath("default") + "?watch=true&resourceVersion=" + created.ResourceVersion());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await daemon.App.StopAsync(timeout.Token);

        Assert.Null(await watch.NextOrEndAsync());
    }
}
