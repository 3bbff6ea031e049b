using Homelab.Store.Admission;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Store.Tests;

public sealed class ServiceRegistrationTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "hltest-store-di-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AddHomelabStore_opens_one_store_in_the_data_dir_with_the_registered_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        services.AddHomelabStore(o => o.DataDir = _dataDir);
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IResourceStore>();
        var created = store.CreateService("web");

        Assert.Same(store, provider.GetRequiredService<IResourceStore>());
        Assert.IsType<ResourceAdmission>(provider.GetRequiredService<IAdmission>());
        Assert.True(File.Exists(Path.Combine(_dataDir, LiteDbResourceStore.DatabaseFileName)));
        Assert.Equal(time.GetUtcNow(), created.Object.ToNode()["metadata"]!["creationTimestamp"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task The_changelog_is_compacted_in_the_background()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        services.AddHomelabStore(o =>
        {
            o.DataDir = _dataDir;
            o.ChangelogRetention = 2;
            o.CompactionInterval = TimeSpan.FromMinutes(1);
        });
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IResourceStore>();
        for (var i = 0; i < 5; i++)
        {
            store.CreateService($"svc-{i}");
        }
        var hosted = provider.GetServices<IHostedService>().OfType<Hosting.StoreCompactionService>().Single();
        await hosted.StartAsync(CancellationToken.None);

        // The service arms its timer on its own thread, perhaps after an Advance: keep moving the clock until it fires.
        for (var i = 0; i < 500 && store.CompactedRevision == 0; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }
        await hosted.StopAsync(CancellationToken.None);

        Assert.Equal(store.Revision - 2, store.CompactedRevision);
    }

    [Fact]
    public async Task A_terminating_namespace_is_emptied_in_the_background_after_the_deletion_delay_and_then_goes()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        services.AddHomelabStore(o =>
        {
            o.DataDir = _dataDir;
            o.NamespaceDeletionDelay = TimeSpan.FromSeconds(2);
        });
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IResourceStore>();
        store.CreateNamespace("media");
        store.CreateService("jellyfin", "media");
        store.CreateService("elsewhere");
        var terminator = provider.GetServices<IHostedService>().OfType<Hosting.NamespaceTerminator>().Single();
        await terminator.StartAsync(CancellationToken.None);

        store.Apply(Mutation.Delete(Manifests.NamespaceKey("media")));
        // Before the delay the contents stay, so a client deleting them one by one (kubectl delete -f) finds them.
        await Task.Delay(200);
        Assert.NotNull(store.Get(Manifests.ServiceKey("jellyfin", "media")));

        // The terminator arms its delay on its own thread, perhaps after an Advance: keep moving the clock until it acts.
        for (var i = 0; i < 500 && store.Get(Manifests.NamespaceKey("media")) is not null; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        await terminator.StopAsync(CancellationToken.None);

        Assert.Null(store.Get(Manifests.ServiceKey("jellyfin", "media")));
        Assert.Null(store.Get(Manifests.NamespaceKey("media")));
        Assert.NotNull(store.Get(Manifests.ServiceKey("elsewhere")));
    }

    [Fact]
    public async Task A_namespace_made_again_under_the_same_name_within_the_delay_keeps_what_it_holds_until_it_is_deleted_itself()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        services.AddHomelabStore(o =>
        {
            o.DataDir = _dataDir;
            o.NamespaceDeletionDelay = TimeSpan.FromSeconds(2);
        });
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IResourceStore>();
        store.CreateNamespace("media");
        store.CreateService("jellyfin", "media");
        var terminator = provider.GetServices<IHostedService>().OfType<Hosting.NamespaceTerminator>().Single();
        await terminator.StartAsync(CancellationToken.None);

        // kubectl delete -f: the namespace (now Terminating), then its Service, which removes the namespace with it;
        // then the next apply makes the namespace and the Service again before the deletion delay is over.
        store.Apply(Mutation.Delete(Manifests.NamespaceKey("media")));
        await Task.Delay(200);
        store.Apply(Mutation.Delete(Manifests.ServiceKey("jellyfin", "media"), force: true));
        Assert.Null(store.Get(Manifests.NamespaceKey("media")));
        store.CreateNamespace("media");
        store.CreateService("jellyfin", "media");
        // The new namespace is deleted too while the first timer still runs: it gets its own.
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        store.Apply(Mutation.Delete(Manifests.NamespaceKey("media")));
        await Task.Delay(200);
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(200);

        Assert.NotNull(store.Get(Manifests.ServiceKey("jellyfin", "media")));
        Assert.NotNull(store.Get(Manifests.NamespaceKey("media")));

        for (var i = 0; i < 10 && store.Get(Manifests.NamespaceKey("media")) is not null; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }
        await terminator.StopAsync(CancellationToken.None);

        Assert.Null(store.Get(Manifests.ServiceKey("jellyfin", "media")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
