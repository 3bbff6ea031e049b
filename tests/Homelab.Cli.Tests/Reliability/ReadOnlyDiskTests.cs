using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Client;
using Homelab.Cli.Tests.EndToEnd;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Reliability;

/// <summary>
/// The shipped homelabd with its data directory on an ext4 image of its own (root only: loop mount), mounted with
/// errors=remount-ro; ext4's trigger_fs_error then does what a failing disk does under a running daemon: the file
/// system turns read-only while homelabd holds its files open. Writes must be refused with 503 and the reason, at
/// once; reads go on; after the owner's repair (stop, fsck, mount, start) every acknowledged write is there.
/// </summary>
[Trait("Category", "EndToEnd")]
[Trait("Category", "Reliability")]
public sealed class ReadOnlyDiskTests : IAsyncLifetime
{
    private const string Ns = "default";
    private const int Stored = 20;

    private MountedDaemon? _mounted;
    private string? _image;

    private MountedDaemon Mounted => _mounted ?? throw new InvalidOperationException("not started");

    private Daemon Daemon => Mounted.Daemon;

    private string Image => _image ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _mounted = await MountedDaemon.StartAsync("hltest-rodisk-", async (dir, mount) =>
    {
        _image = Path.Combine(dir, "disk.img");
        await HostCommand.RunAsync("truncate", "-s", "64M", _image);
        await HostCommand.RunAsync("mkfs.ext4", "-q", "-F", _image);
        await MountAsync(mount);
    });

    public async Task DisposeAsync()
    {
        if (_mounted is not null)
        {
            await _mounted.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_disk_that_turns_read_only_under_homelabd_refuses_writes_with_503_keeps_serving_reads_and_loses_nothing()
    {
        var names = Enumerable.Range(0, Stored).Select(i => $"s{i}").ToList();
        using (var client = Daemon.Client())
        {
            foreach (var name in names)
            {
                await CreateAsync(client, name);
            }

            await TurnReadOnlyAsync();

            var refused = await Assert.ThrowsAsync<ApiException>(() => CreateAsync(client, "refused"));
            Assert.True(refused.Code == 503 && refused.Reason == "ServiceUnavailable", $"{refused.Code} {refused.Reason}: {refused.Status.Message}\n{Daemon.Log}");
            Assert.Contains("read-only", refused.Status.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was written", refused.Status.Message, StringComparison.Ordinal);
            // The second write meets the store after its failed reopen: still an answer, not a hang or a 500.
            var again = await Assert.ThrowsAsync<ApiException>(() => client.DeleteAsync(ApiPaths.For(ResourceKinds.Service, Ns, "s0"), CancellationToken.None));
            Assert.Equal(503, again.Code);
            Assert.Equal(names.Order(StringComparer.Ordinal), await NamesAsync(client));
        }

        // The owner's repair: stop homelabd, check the file system, mount it again, start.
        await Daemon.StopAsync();
        await HostCommand.RunAsync("umount", Mounted.Mount);
        var fsck = await HostCommand.ExecAsync(["e2fsck", "-fy", Image]);
        // 0: clean, 1: errors corrected (the error trigger_fs_error recorded).
        Assert.True(fsck.ExitCode is 0 or 1, $"e2fsck exited with {fsck.ExitCode}: {fsck.StandardOutput}{fsck.StandardError}");
        await MountAsync(Mounted.Mount);
        await Daemon.StartAsync();

        using var restarted = Daemon.Client();
        Assert.Equal(names.Order(StringComparer.Ordinal), await NamesAsync(restarted));
        await CreateAsync(restarted, "after");
        Assert.Equal(names.Append("after").Order(StringComparer.Ordinal), await NamesAsync(restarted));
        ReliabilitySettings.Record("read-only-disk", ("storedBeforeReadOnly", Stored), ("lost", 0));
    }

    private Task MountAsync(string mount) => HostCommand.RunAsync("mount", "-o", "loop,errors=remount-ro", Image, mount);

    /// <summary>What ext4 does on a disk error with errors=remount-ro: the mount goes read-only, open files and all.</summary>
    private async Task TurnReadOnlyAsync()
    {
        var device = (await HostCommand.RunAsync("findmnt", "-no", "SOURCE", Mounted.Mount)).Trim();
        await File.WriteAllTextAsync($"/sys/fs/ext4/{Path.GetFileName(device)}/trigger_fs_error", "hltest: read-only under homelabd");
        // Newer kernels keep "rw" in the mount options and add "emergency_ro": ask the file system itself.
        var write = Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(Mounted.Mount, "probe"), "x"));
        Assert.Contains("Read-only file system", write.Message, StringComparison.Ordinal);
    }

    private static Task CreateAsync(HomelabClient client, string name) => StoredServices.CreateAsync(client, Ns, name, "127.0.0.1:5000/rodisk/app:1");

    private static Task<IReadOnlyList<string>> NamesAsync(HomelabClient client) => StoredServices.NamesAsync(client, Ns);
}
