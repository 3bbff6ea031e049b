using System.Text.Json.Nodes;
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

    private readonly string _payload = new('x', 60_000);
    private MountedDaemon? _mounted;

    private MountedDaemon Mounted => _mounted ?? throw new InvalidOperationException("not started");

    private Daemon Daemon => Mounted.Daemon;

    public async Task InitializeAsync() => _mounted = await MountedDaemon.StartAsync("hltest-full-",
        (_, mount) => HostCommand.RunAsync("mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", mount));

    public async Task DisposeAsync()
    {
        if (_mounted is not null)
        {
            await _mounted.DisposeAsync();
        }
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
                await CreateAsync(client, $"s{i}");
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
        var again = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(client, "again"));
        Assert.Equal(507, again.Code);
        Assert.Equal(stored.Order(), await NamesAsync(client));

        await HostCommand.RunAsync("mount", "-o", "remount,size=64m", Mounted.Mount);
        await CreateAsync(client, "after");

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
            await CreateAsync(client, "before");
        }
        await Daemon.StopAsync();
        await HostCommand.RunAsync("mount", "-o", "remount,ro", Mounted.Mount);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(Daemon.StartAsync);

        Assert.Contains("not writable", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", refused.Message, StringComparison.Ordinal);
        await HostCommand.RunAsync("mount", "-o", "remount,rw", Mounted.Mount);
        await Daemon.StartAsync();
        using var restarted = Daemon.Client();
        Assert.Equal(["before"], await NamesAsync(restarted));
    }

    private Task CreateAsync(HomelabClient client, string name) =>
        StoredServices.CreateAsync(client, Ns, name, "127.0.0.1:5000/full/app:1", new JsonObject { ["homelab.dev/payload"] = _payload });

    private static Task<IReadOnlyList<string>> NamesAsync(HomelabClient client) => StoredServices.NamesAsync(client, Ns);
}
