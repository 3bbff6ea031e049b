using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Operator;
using Homelab.Operator.Runtime;
using Homelab.Store;
using Homelab.Store.Admission;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.TestKit;

/// <summary>
/// Runs controllers deterministically: a real in-memory store with the real admission, a fake clock, the real
/// <see cref="ResourceClient"/> and the real runtime, but no background threads. <see cref="RunUntilIdleAsync"/> reads
/// watch events and reconciles queued keys one at a time until nothing is left, so a test sees exactly what a daemon
/// would do, in one order.
/// </summary>
/// <example>
/// <code>
/// await using var host = new OperatorTestHost(
///     op => op.AddController&lt;ServiceController, Service&gt;(),
///     services => services.AddSingleton&lt;IPodman&gt;(fakePodman));
/// await host.ApplyAsync(TestResources.Service("web", image: "registry.local/web:1"));
/// await host.RunUntilIdleAsync();
/// var web = host.Get&lt;Service&gt;("default", "web");
/// </code>
/// </example>
public sealed class OperatorTestHost : IAsyncDisposable
{
    /// <summary>Where the fake clock starts.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A guard against controllers that requeue themselves without delay forever.</summary>
    public const int MaxReconcilesPerRun = 10_000;

    private readonly ServiceProvider _provider;
    private readonly List<ControllerRunner> _runners = [];
    private bool _started;

    /// <param name="addControllers">Adds the controllers under test, e.g. <c>op =&gt; op.AddController&lt;C, Service&gt;()</c>.</param>
    /// <param name="configureServices">Registers the fakes the controllers need (drivers, the controller itself as a singleton).</param>
    /// <param name="configureOperator">Operator options. Resync is off unless set here, so reconcile counts are exact.</param>
    public OperatorTestHost(
        Action<OperatorBuilder> addControllers,
        Action<IServiceCollection>? configureServices = null,
        Action<OperatorOptions>? configureOperator = null)
    {
        ArgumentNullException.ThrowIfNull(addControllers);
        Time = new FakeTimeProvider(Epoch);
        Store = LiteDbResourceStore.InMemory(new ResourceAdmission(), Time);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Time);
        services.AddSingleton<IResourceStore>(Store);
        configureServices?.Invoke(services);
        var builder = services.AddHomelabOperator(o =>
        {
            o.ResyncPeriod = Timeout.InfiniteTimeSpan;
            configureOperator?.Invoke(o);
        });
        addControllers(builder);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        Client = _provider.GetRequiredService<IResourceClient>();
    }

    public FakeTimeProvider Time { get; }

    public LiteDbResourceStore Store { get; }

    public IResourceClient Client { get; }

    public IServiceProvider Services => _provider;

    /// <summary>Every log line written so far, for asserting on what the framework reported.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>All events, oldest first.</summary>
    public IReadOnlyList<EventRecord> Events => Store.ListEvents(null);

    public IReadOnlyList<EventRecord> EventsFor(Resource involved) => Store.ListEvents(null, ResourceKeys.Of(involved));

    /// <summary>
    /// Starts the controllers as the daemon would: validates their options, lists every watched kind and enqueues what
    /// exists, opens the watches. Called by the first <see cref="RunUntilIdleAsync"/> when not called before.
    /// </summary>
    public void Start()
    {
        if (_started)
        {
            return;
        }
        _started = true;
        _ = _provider.GetRequiredService<IOptions<OperatorOptions>>().Value;
        var factory = _provider.GetRequiredService<ControllerRunnerFactory>();
        foreach (var registration in _provider.GetServices<ControllerRegistration>())
        {
            var runner = factory.Create(registration);
            _runners.Add(runner);
            runner.Start();
        }
    }

    /// <summary>
    /// Reads watch events and reconciles until no key is ready. Delayed requeues (requeue-after, backoff) and resyncs due
    /// within <paramref name="maxAdvance"/> of now are followed by moving the fake clock to each due time in turn. Returns
    /// how many reconciles ran.
    /// </summary>
    public async Task<int> RunUntilIdleAsync(TimeSpan? maxAdvance = null, CancellationToken cancellationToken = default)
    {
        Start();
        var deadline = Time.GetUtcNow() + (maxAdvance ?? TimeSpan.Zero);
        var reconciles = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var progressed = false;
            foreach (var runner in _runners)
            {
                progressed |= runner.PumpWatches();
            }
            foreach (var runner in _runners)
            {
                if (await runner.TryProcessOneAsync(cancellationToken).ConfigureAwait(false))
                {
                    progressed = true;
                    if (++reconciles > MaxReconcilesPerRun)
                    {
                        throw new InvalidOperationException($"controllers did not become idle after {MaxReconcilesPerRun} reconciles; is one requeueing itself without a delay?");
                    }
                }
            }
            if (progressed)
            {
                continue;
            }
            var next = NextDue;
            if (next is null || next > deadline)
            {
                return reconciles;
            }
            Time.SetUtcNow(next.Value);
        }
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, running everything that falls due on the way.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        var target = Time.GetUtcNow() + by;
        var reconciles = await RunUntilIdleAsync(by, cancellationToken).ConfigureAwait(false);
        if (Time.GetUtcNow() < target)
        {
            Time.SetUtcNow(target);
        }
        return reconciles + await RunUntilIdleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>When the earliest delayed requeue or resync of any controller falls due; null when none waits.</summary>
    public DateTimeOffset? NextDue => _runners.SelectMany(r => new[] { r.Queue.NextDue, r.NextResync }).Where(d => d is not null).Min();

    /// <summary>Re-enqueues everything, as the periodic resync does.</summary>
    public void Resync()
    {
        Start();
        foreach (var runner in _runners)
        {
            runner.Resync();
        }
    }

    /// <summary>
    /// Creates the object, or replaces its metadata and spec (status stays) like an apply. Finalizers already on the
    /// object are kept when <paramref name="resource"/> names none, as kubectl apply leaves them alone. A missing
    /// namespace is created first.
    /// </summary>
    public Task<T> ApplyAsync<T>(T resource, CancellationToken cancellationToken = default) where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        cancellationToken.ThrowIfCancellationRequested();
        var kind = ResourceKinds.ByKind(resource.Kind) ?? throw new ArgumentException($"unknown kind \"{resource.Kind}\"", nameof(resource));
        if (kind.Namespaced)
        {
            resource.Metadata.Namespace ??= ApiGroup.DefaultNamespace;
            EnsureNamespace(resource.Metadata.Namespace);
        }
        var key = ResourceKeys.Of(resource);
        var node = HomelabJson.ToNode(resource);
        node.Remove("status");
        var existing = Store.Get(key);
        Mutation mutation;
        if (existing is null)
        {
            mutation = Mutation.Create(key, node);
        }
        else
        {
            if (resource.Metadata.Finalizers is null && existing.ToNode()["metadata"]?["finalizers"] is JsonArray finalizers)
            {
                node["metadata"]!["finalizers"] = finalizers.DeepClone();
            }
            mutation = Mutation.Replace(key, node);
        }
        return Task.FromResult(Store.Commit([mutation])[0].Object.ToResource<T>());
    }

    /// <summary>Deletes the object (or starts its deletion while finalizers remain). False when it did not exist.</summary>
    public Task<bool> DeleteAsync<T>(string ns, string name, CancellationToken cancellationToken = default) where T : Resource
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Store.Commit([Mutation.Delete(ResourceKeys.Of<T>(ns, name))]);
            return Task.FromResult(true);
        }
        catch (StoreException e) when (e.Code == 404)
        {
            return Task.FromResult(false);
        }
    }

    public T? Get<T>(string ns, string name) where T : Resource => Client.Get<T>(ns, name);

    /// <summary>For cluster-scoped kinds (Namespace).</summary>
    public T? Get<T>(string name) where T : Resource => Client.Get<T>("", name);

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            runner.Dispose();
        }
        await _provider.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }

    private void EnsureNamespace(string ns)
    {
        var key = ResourceKeys.Of<Namespace>("", ns);
        if (Store.Get(key) is null)
        {
            Store.Commit([Mutation.Create(key, HomelabJson.ToNode(TestResources.Namespace(ns)))]);
        }
    }
}
