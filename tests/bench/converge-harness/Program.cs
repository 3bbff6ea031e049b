using System.Diagnostics;
using System.Globalization;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Podman;
using Homelab.TestKit;

// Usage: ConvergeHarness COUNT IMAGE FIRST_PORT MANAGED_BY
// Prints "phase seconds" lines: cold (COUNT Services from nothing), noop (re-apply + resync), change (one env change).
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: ConvergeHarness COUNT IMAGE FIRST_PORT MANAGED_BY");
    return 2;
}
var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var image = args[1];
var firstPort = int.Parse(args[2], CultureInfo.InvariantCulture);
var managedBy = args[3];
const string ns = "bench";

await using var host = new OperatorTestHost(op => op.AddServiceController(o =>
{
    o.ManagedBy = managedBy;
    o.SubnetPool = "10.95.0.0/16";
    o.DataDir = Path.Combine(Path.GetTempPath(), managedBy);
}));

Service Make(int i, string tz)
{
    var service = TestResources.Service($"s{i:D2}", ns, image);
    service.Spec.Env = [new EnvVar { Name = "PORT", Value = "8080" }, new EnvVar { Name = "TZ", Value = tz }];
    service.Spec.Ports = [new ServicePort { ContainerPort = 8080, HostPort = firstPort + i, HostIP = "127.0.0.1" }];
    return service;
}

// Only the no-op phase resyncs: an unchanged apply triggers nothing by itself, so the resync is what proves the
// controller checks every Service against Podman and still writes nothing.
async Task<double> Phase(Func<Task> apply, bool resync = false)
{
    var watch = Stopwatch.StartNew();
    await apply();
    if (resync)
    {
        host.Resync();
    }
    await host.RunUntilIdleAsync();
    return watch.Elapsed.TotalSeconds;
}

var cold = await Phase(async () =>
{
    for (var i = 0; i < count; i++)
    {
        await host.ApplyAsync(Make(i, "UTC"));
    }
});
var notReady = Enumerable.Range(0, count).Count(i => host.Get<Service>(ns, $"s{i:D2}")?.Status?.GetCondition("Ready")?.Status != "True");
var noop = await Phase(async () =>
{
    for (var i = 0; i < count; i++)
    {
        await host.ApplyAsync(Make(i, "UTC"));
    }
}, resync: true);
var change = await Phase(() => host.ApplyAsync(Make(0, "Europe/Berlin")));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold {cold:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"noop {noop:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"change {change:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"notready {notReady}"));

// Leave nothing behind: delete through the controller so the finalizer path is exercised too.
for (var i = 0; i < count; i++)
{
    await host.DeleteAsync<Service>(ns, $"s{i:D2}");
}
await host.RunUntilIdleAsync();
return notReady == 0 ? 0 : 1;
