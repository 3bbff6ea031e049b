using Homelab.Podman;
using Homelab.Controllers.Images;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Controllers.Updates;
using Homelab.Operator;
using Homelab.Registry;
using Homelab.Store;
using Homelab.Store.Admission;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>
/// The update controller over a real in-memory store, a fake clock, registry and image store. Plays the Service
/// controller's part by writing Service status by hand, so the health gate can be driven step by step.
/// </summary>
internal sealed class UpdateHarness : IDisposable
{
    public const string Ns = "media";
    public const string Repo = "reg.local/team/app";

    /// <summary>Saturday 2026-11-28 10:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private readonly LiteDbResourceStore _store;

    public UpdateHarness(UpdatePolicyOptions? options = null, IRegistry? registry = null)
    {
        _store = LiteDbResourceStore.InMemory(new ResourceAdmission(), Time, new StoreOptions());
        Client = new ResourceClient(_store);
        Options = options ?? new UpdatePolicyOptions { TimeZone = TimeZoneInfo.Utc, SettlePeriod = TimeSpan.FromSeconds(30) };
        Controller = new UpdatePolicyController(
            Client,
            registry ?? Registry,
            Images,
            new ImagePruner(Images, NullLogger<ImagePruner>.Instance),
            new ImageVerifier(Podman, Client, Microsoft.Extensions.Options.Options.Create(new PodmanOptions { DataDir = DataDir }), NullLogger<ImageVerifier>.Instance),
            Time,
            Microsoft.Extensions.Options.Options.Create(Options),
            NullLogger<UpdatePolicyController>.Instance);
        Create(new Namespace { Metadata = new ObjectMeta { Name = Ns } });
    }

    public FakeTimeProvider Time { get; } = new(Start);
    public FakeRegistry Registry { get; } = new();
    public FakeImageStore Images { get; } = new();

    /// <summary>Where verified pulls go (an ImagePolicy asking for signatures); knows the registry's digests once a test adds them.</summary>
    public Services.FakeContainerRuntime Podman { get; } = new();

    /// <summary>Where the verifier writes its signature policies; a fresh directory per harness.</summary>
    public string DataDir { get; } = Directory.CreateTempSubdirectory("hltest-update-").FullName;
    public ResourceClient Client { get; }
    public UpdatePolicyOptions Options { get; }
    public UpdatePolicyController Controller { get; }

    public static string Digest(char c) => "sha256:" + new string(c, 64);

    public void Create(Resource resource) =>
        _store.Commit([Mutation.Create(ResourceKeys.Of(resource), HomelabJson.ToNode(resource))]);

    public UpdatePolicy Policy(Action<UpdatePolicySpec> configure, string name = "weekly")
    {
        var policy = new UpdatePolicy { Metadata = new ObjectMeta { Name = name, Namespace = Ns } };
        policy.Spec.ServiceSelector = new LabelSelector { MatchLabels = new() { ["updates"] = "auto" } };
        policy.Spec.Interval = "1h";
        configure(policy.Spec);
        Create(policy);
        return policy;
    }

    /// <summary>A selected Service running <paramref name="runningDigest"/>, Ready, as the Service controller would report it.</summary>
    public async Task ServiceAsync(string name, string image, string runningDigest, bool selected = true)
    {
        var service = new Service { Metadata = new ObjectMeta { Name = name, Namespace = Ns, Labels = selected ? new() { ["updates"] = "auto" } : new() } };
        service.Spec.Image = image;
        Create(service);
        await RunAsync(name, runningDigest);
    }

    /// <summary>Writes the Service's status as the Service controller would after reconciling its current spec.</summary>
    public async Task RunAsync(string name, string digest, bool ready = true, int restarts = 0, string reason = "Running", bool progressing = false)
    {
        var service = Service(name);
        var status = service.Status ?? new ServiceStatus();
        status.ObservedGeneration = service.Generation;
        status.ImageDigest = digest;
        status.RestartCount = restarts;
        status.SetCondition(ConditionTypes.Ready, ready ? ConditionStatus.True : ConditionStatus.False, reason, "", service.Generation, Time.GetUtcNow());
        status.SetCondition(ConditionTypes.Progressing, progressing ? ConditionStatus.True : ConditionStatus.False, progressing ? "Replacing" : "UpToDate", "", service.Generation, Time.GetUtcNow());
        service.Status = status;
        Assert.True(await Client.UpdateStatusAsync(service, CancellationToken.None));
    }

    public long Revision => _store.Revision;

    public Service Service(string name) => Client.Get<Service>(Ns, name) ?? throw new InvalidOperationException($"no Service {name}");

    public UpdatePolicy GetPolicy(string name = "weekly") => Client.Get<UpdatePolicy>(Ns, name) ?? throw new InvalidOperationException($"no policy {name}");

    public ServiceUpdateStatus Entry(string service, string policy = "weekly") =>
        GetPolicy(policy).Status!.Services!.Single(s => s.Service == $"{Ns}/{service}");

    public Task<ReconcileResult> ReconcileAsync(string policy = "weekly") =>
        Controller.ReconcileAsync(GetPolicy(policy), CancellationToken.None);

    public IReadOnlyList<EventRecord> Events(string reason) => [.. _store.ListEvents(Ns).Where(e => e.Reason == reason)];

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }
}
