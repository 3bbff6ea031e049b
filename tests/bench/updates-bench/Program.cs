// One UpdatePolicy over 50 Services that share 10 images, checked against a real docker-registry on loopback:
// counts the HTTP requests of each check (must be exactly one HEAD per image) and times the check.
// Usage: dotnet run -c Release --project tests/bench/updates-bench [checks]
using System.Diagnostics;
using System.Globalization;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Controllers.Updates;
using Homelab.Operator;
using Homelab.Registry;
using Homelab.Registry.Auth;
using Homelab.Registry.Configuration;
using Homelab.Registry.Tests.Integration;
using Homelab.Store;
using Homelab.Store.Admission;
using Homelab.UpdatesBench;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

const int Images = 10;
const int ServicesPerImage = 5;
const string Ns = "bench";
var checks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;

await using var registry = await LocalRegistry.StartAsync();
var digests = new string[Images];
for (var i = 0; i < Images; i++)
{
    digests[i] = await registry.PushNewAsync($"img{i}", "1.0");
}

var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
using var store = LiteDbResourceStore.InMemory(new ResourceAdmission(), time);
var client = new ResourceClient(store);
var conf = new RegistriesConf();
conf.Add(registry.RegistriesConf);
var counter = new CountingHandler(new SocketsHttpHandler());
using var oci = new OciRegistryClient(counter, new AuthFileCredentials([], NullLogger<AuthFileCredentials>.Instance), conf,
    Options.Create(new RegistryOptions()), time, NullLogger<OciRegistryClient>.Instance);
var controller = new UpdatePolicyController(client, oci, new ImagePruner(new NoImages(), NullLogger<ImagePruner>.Instance), time,
    Options.Create(new UpdatePolicyOptions { TimeZone = TimeZoneInfo.Utc }), NullLogger<UpdatePolicyController>.Instance);

Create(new Namespace { Metadata = new ObjectMeta { Name = Ns } });
for (var i = 0; i < Images * ServicesPerImage; i++)
{
    var service = new Service { Metadata = new ObjectMeta { Name = $"svc-{i}", Namespace = Ns, Labels = new() { ["updates"] = "auto" } } };
    service.Spec.Image = registry.Reference($"img{i % Images}", "1.0");
    Create(service);
    var stored = client.Get<Service>(Ns, service.Name)!;
    stored.Status = new ServiceStatus { ObservedGeneration = stored.Generation, ImageDigest = digests[i % Images], RestartCount = 0 };
    await client.UpdateStatusAsync(stored, CancellationToken.None);
}
var policy = new UpdatePolicy { Metadata = new ObjectMeta { Name = "bench", Namespace = Ns } };
policy.Spec.ServiceSelector = new LabelSelector { MatchLabels = new() { ["updates"] = "auto" } };
policy.Spec.Interval = "1h";
policy.Spec.Mode = "notify";
Create(policy);

await controller.ReconcileAsync(client.Get<UpdatePolicy>(Ns, "bench")!, CancellationToken.None);
var requests = new List<int>();
var millis = new List<double>();
for (var i = 0; i < checks; i++)
{
    time.Advance(TimeSpan.FromHours(1));
    counter.Reset();
    var current = client.Get<UpdatePolicy>(Ns, "bench")!;
    var watch = Stopwatch.StartNew();
    await controller.ReconcileAsync(current, CancellationToken.None);
    millis.Add(watch.Elapsed.TotalMilliseconds);
    requests.Add(counter.Count);
}

var status = client.Get<UpdatePolicy>(Ns, "bench")!.Status!;
var upToDate = status.Services!.Count(s => s.LastResult == "UpToDate");
millis.Sort();
Console.WriteLine($"services={Images * ServicesPerImage} images={Images} checks={checks} upToDate={upToDate}");
Console.WriteLine($"registry requests per check: min={requests.Min()} max={requests.Max()} (expected {Images})");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"check duration ms: min={millis[0]:F2} median={millis[millis.Count / 2]:F2} p95={millis[(int)(millis.Count * 0.95)]:F2} max={millis[^1]:F2}"));
return requests.All(r => r == Images) && upToDate == Images * ServicesPerImage ? 0 : 1;

void Create(Resource resource) => store.Commit([Mutation.Create(ResourceKeys.Of(resource), HomelabJson.ToNode(resource))]);

internal sealed class NoImages : IImageStore
{
    public Task<IReadOnlyList<LocalImage>> ListAsync(string repository, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LocalImage>>([]);

    public Task RemoveAsync(string reference, CancellationToken cancellationToken) => Task.CompletedTask;
}
