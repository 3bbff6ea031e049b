using System.Net.Http;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Cli.Client;
using Homelab.Cli.Tests.EndToEnd;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Reliability;

/// <summary>
/// The shipped homelabd with its data directory on a tmpfs of its own (root only: mount), filled up: writes are refused
/// with 507 and a message that says why, at once (not after a lock timeout); what was stored stays readable; writes
/// work again once space returns, without a restart, with nothing lost. A read-only file system stops the start.
/// </summary>
[Trait("Category", "EndToEnd")]
[Trait("Category", "Reliability")]
public sealed class DiskFullTests : IAsyncLifetime
{
    private const string Ns = "default";

    private readonly string _mount = Directory.CreateTempSubdirectory("hltest-full-").FullName;
    private readonly string _payload = new('x', 60_000);
    private Daemon? _daemon;

    private Daemon Daemon => _daemon ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        await HostCommand.RunAsync("mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", _mount);
        _daemon = new Daemon(Path.Combine(_mount, "data"));
        Directory.CreateDirectory(_daemon.DataDir);
        await _daemon.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
        await HostCommand.ExecAsync(["umount", _mount]);
        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task A_full_disk_refuses_writes_with_507_keeps_serving_reads_and_recovers_when_space_returns()
    {
        using var client = Daemon.Client();
        var stored = new List<string>();
        ApiException? full = null;
        for (var i = 0; i < 200 && full is null; i++)
        {
            try
            {
                await client.CreateAsync(Api.Protocol.ApiPaths.For(ResourceKinds.Service, Ns), Service($"s{i}"), CancellationToken.None);
                stored.Add($"s{i}");
            }
            catch (ApiException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        Assert.Equal((507, "InsufficientStorage"), (full.Code, full.Reason));
        Assert.Contains("full", full.Status.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was written", full.Status.Message, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<ApiException>(() => client.CreateAsync(Api.Protocol.ApiPaths.For(ResourceKinds.Service, Ns), Service("again"), CancellationToken.None));
        Assert.Equal(507, again.Code);
        Assert.Equal(stored.Order(), await NamesAsync(client));

        await HostCommand.RunAsync("mount", "-o", "remount,size=64m", _mount);
        await client.CreateAsync(Api.Protocol.ApiPaths.For(ResourceKinds.Service, Ns), Service("after"), CancellationToken.None);

        Assert.Equal(stored.Append("after").Order(), await NamesAsync(client));
        await Daemon.StopAsync();
        await Daemon.StartAsync();
        using var restarted = Daemon.Client();
        Assert.Equal(stored.Append("after").Order(), await NamesAsync(restarted));
        ReliabilitySettings.Record("disk-full", ("storedBeforeFull", stored.Count), ("lost", 0));
    }

    /// <summary>
    /// A data dir that is read-only before homelabd starts is refused by name (ReadOnlyDiskTests turn one read-only
    /// under a running daemon).
    /// </summary>
    [Fact]
    public async Task A_read_only_data_dir_stops_the_start_with_the_reason_and_what_is_stored_is_kept()
    {
        using (var client = Daemon.Client())
        {
            await client.CreateAsync(Api.Protocol.ApiPaths.For(ResourceKinds.Service, Ns), Service("before"), CancellationToken.None);
        }
        await Daemon.StopAsync();
        await HostCommand.RunAsync("mount", "-o", "remount,ro", _mount);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(Daemon.StartAsync);

        Assert.Contains("not writable", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", refused.Message, StringComparison.Ordinal);
        await HostCommand.RunAsync("mount", "-o", "remount,rw", _mount);
        await Daemon.StartAsync();
        using var restarted = Daemon.Client();
        Assert.Equal(["before"], await NamesAsync(restarted));
    }

    private JsonObject Service(string name) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = ResourceKinds.Service.Kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = new JsonObject { ["homelab.dev/payload"] = _payload } },
        ["spec"] = new JsonObject { ["image"] = "127.0.0.1:5000/full/app:1" },
    };

    private static async Task<IReadOnlyList<string>> NamesAsync(HomelabClient client) =>
        [.. (await client.ListAsync(ResourceKinds.Service, Ns, null, CancellationToken.None)).Items.Select(o => o["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
