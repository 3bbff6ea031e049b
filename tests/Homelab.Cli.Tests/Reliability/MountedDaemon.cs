using Homelab.Cli.Tests.EndToEnd;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Reliability;

/// <summary>
/// The shipped homelabd with its data directory on a file system of its own (root only: mount), so a test can fill it
/// or break it; stopped, unmounted and removed afterwards.
/// </summary>
internal sealed class MountedDaemon : IAsyncDisposable
{
    private readonly string _dir;

    private MountedDaemon(string dir, string mount, Daemon daemon)
    {
        _dir = dir;
        Mount = mount;
        Daemon = daemon;
    }

    /// <summary>Where the file system is mounted; the data directory is inside it.</summary>
    public string Mount { get; }

    public Daemon Daemon { get; }

    /// <param name="mountAsync">Mounts a file system on its second argument; the first is a scratch directory beside it.</param>
    public static async Task<MountedDaemon> StartAsync(string prefix, Func<string, string, Task> mountAsync)
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        var mount = Directory.CreateDirectory(Path.Combine(dir, "mnt")).FullName;
        var started = new MountedDaemon(dir, mount, new Daemon(Path.Combine(mount, "data")));
        try
        {
            await mountAsync(dir, mount);
            Directory.CreateDirectory(started.Daemon.DataDir);
            await started.Daemon.StartAsync();
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        // Not mounted (a failed start) is no error here; a loop mount frees its loop device when unmounted (autoclear).
        await HostCommand.ExecAsync(["umount", Mount]);
        Directory.Delete(_dir, recursive: true);
    }
}
