using System.Threading.Channels;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Operator.Runtime;
using Homelab.Store;
using Homelab.Store.Admission;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Homelab.Operator.Tests.Runtime;

/// <summary>The background loops the daemon runs, on the real clock. Waits are bounded guards, never timing assertions.</summary>
public sealed class DaemonModeTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly LiteDbResourceStore _store = LiteDbResourceStore.InMemory(new ResourceAdmission(), TimeProvider.System);
    private readonly Channel<string> _started = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task The_hosted_service_reconciles_existing_objects_and_later_changes()
    {
        Create("before");
        _gate.SetResult();
        using var host = BuildHost(workers: 1);

        await host.StartAsync();
        Assert.Equal("before", await NextStartAsync());
        Create("after");
        Assert.Equal("after", await NextStartAsync());
        await host.StopAsync();

        Assert.Contains("homelab.dev/scripted-controller", _store.Get(Key("after"))!.ToResource<Service>().Metadata.Finalizers!);
    }

    [Fact]
    public async Task No_more_than_the_configured_workers_reconcile_at_once()
    {
        foreach (var name in (string[])["a", "b", "c", "d"])
        {
            Create(name);
        }
        using var provider = BuildServices(workers: 2).BuildServiceProvider();
        var factory = provider.GetRequiredService<ControllerRunnerFactory>();
        using var runner = factory.Create(provider.GetServices<ControllerRegistration>().Single());
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);

        await NextStartAsync();
        await NextStartAsync();
        // Both workers are blocked in the controller; the other two keys must still be waiting in the queue.
        for (var i = 0; i < 300 && runner.Queue.ReadyCount != 2; i++)
        {
            await Task.Delay(10);
        }
        Assert.Equal(2, runner.Queue.ReadyCount);
        Assert.Equal(2, runner.Queue.ProcessingCount);
        _gate.SetResult();
        await NextStartAsync();
        await NextStartAsync();
        await stop.CancelAsync();
        await running.WaitAsync(Guard);

        Assert.Equal(2, provider.GetRequiredService<ScriptedController<Service>>().MaxConcurrency);
    }

    [Fact]
    public async Task Keys_from_an_external_watch_are_reconciled_and_a_watch_that_ends_is_reopened_with_a_resync()
    {
        Create("a");
        Create("b");
        _gate.SetResult();
        var watch = new ChannelWatch();
        using var host = BuildHost(workers: 1, watch);

        await host.StartAsync();
        Assert.Equal(["a", "b"], new[] { await NextStartAsync(), await NextStartAsync() }.Order());
        await watch.Keys.Writer.WriteAsync(Key("b"));
        Assert.Equal("b", await NextStartAsync());

        // Events may have been missed while the watch was closed: everything is looked at again.
        watch.Keys.Writer.Complete();
        Assert.Equal(["a", "b"], new[] { await NextStartAsync(), await NextStartAsync() }.Order());
        Assert.Equal(2, await watch.Opened.Reader.ReadAsync().AsTask().WaitAsync(Guard) + await watch.Opened.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_watch_that_keeps_failing_is_reopened_ever_more_slowly()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var watch = new FailingWatch(time);
        var services = BuildServices(workers: 1);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(watch);
        services.Configure<ControllerOptions>(typeof(ScriptedController<Service>).FullName, c => c.WatchesExternal<FailingWatch>());
        using var provider = services.BuildServiceProvider();
        using var runner = provider.GetRequiredService<ControllerRunnerFactory>().Create(provider.GetServices<ControllerRegistration>().Single());
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);

        // Step the clock in small steps until four openings; whenever a reopening lags a step, it only lands later.
        using var guard = new CancellationTokenSource(Guard);
        while (watch.OpenedAt.Count < 4)
        {
            await Task.Delay(5, guard.Token);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
        await stop.CancelAsync();
        await running.WaitAsync(Guard);

        var gaps = watch.OpenedAt.Zip(watch.OpenedAt.Skip(1), (a, b) => b - a).Take(3).ToList();
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(50), $"gaps: {string.Join(", ", gaps)}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(100), $"gaps: {string.Join(", ", gaps)}");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(200), $"gaps: {string.Join(", ", gaps)}");
    }

    [Fact]
    public async Task Invalid_controller_options_stop_the_host_from_starting()
    {
        using var host = BuildHost(workers: 0);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Workers must be between 1 and 64", error.Message, StringComparison.Ordinal);
    }

    private IHost BuildHost(int workers, ChannelWatch? watch = null)
    {
        var services = BuildServices(workers, watch);
        return new HostBuilder().ConfigureServices(s =>
        {
            foreach (var descriptor in services)
            {
                s.Add(descriptor);
            }
        }).Build();
    }

    private ServiceCollection BuildServices(int workers, ChannelWatch? watch = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<OperatorOptions>(o => o.WatchRestartDelay = TimeSpan.FromMilliseconds(50));
        services.AddSingleton<IResourceStore>(_store);
        services.AddSingleton(sp => new ScriptedController<Service>(TimeProvider.System)
        {
            OnReconcile = async (service, ct) =>
            {
                await _started.Writer.WriteAsync(service.Name, ct);
                await _gate.Task.WaitAsync(ct);
                return ReconcileResult.Success;
            },
        });
        services.AddHomelabOperator().AddController<ScriptedController<Service>, Service>(c =>
        {
            c.Workers = workers;
            if (watch is not null)
            {
                c.WatchesExternal<ChannelWatch>();
            }
        });
        if (watch is not null)
        {
            services.AddSingleton(watch);
        }
        return services;
    }

    private async Task<string> NextStartAsync() => await _started.Reader.ReadAsync().AsTask().WaitAsync(Guard);

    private static ObjectKey Key(string name) => new("Service", "default", name);

    /// <summary>An external watch that fails as soon as it is opened, noting when (on the fake clock) that was.</summary>
    private sealed class FailingWatch(TimeProvider time) : IExternalWatch
    {
        public System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> OpenedAt { get; } = new();

        public IAsyncEnumerable<ObjectKey> WatchAsync(CancellationToken cancellationToken)
        {
            OpenedAt.Enqueue(time.GetUtcNow());
            throw new InvalidOperationException("no events log on this host");
        }
    }

    /// <summary>An external watch a test writes keys into; completing the channel ends the watch, and the next open reads a fresh one.</summary>
    private sealed class ChannelWatch : IExternalWatch
    {
        public Channel<ObjectKey> Keys { get; private set; } = Channel.CreateUnbounded<ObjectKey>();

        /// <summary>One 1 per opening.</summary>
        public Channel<int> Opened { get; } = Channel.CreateUnbounded<int>();

        public IAsyncEnumerable<ObjectKey> WatchAsync(CancellationToken cancellationToken)
        {
            if (Keys.Reader.Completion.IsCompleted)
            {
                Keys = Channel.CreateUnbounded<ObjectKey>();
            }
            Opened.Writer.TryWrite(1);
            return Keys.Reader.ReadAllAsync(cancellationToken);
        }
    }

    private void Create(string name) =>
        _store.Commit([Mutation.Create(Key(name), HomelabJson.ToNode(TestResources.Service(name)))]);
}
