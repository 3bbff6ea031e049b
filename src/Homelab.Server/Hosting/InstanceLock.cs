namespace Homelab.Server.Hosting;

/// <summary>
/// Keeps a second homelabd of the same <see cref="HomelabServerOptions.Instance"/> off the host, whatever its data
/// directory: an instance owns the containers, networks and nft table labelled with its name, and two daemons of one
/// instance each take the other's for orphans and remove them. The data directory's lock cannot see this, since two
/// daemons may use two directories.
/// </summary>
/// <remarks>
/// The lock is an flock on <c>DIR/INSTANCE.lock</c> (FileShare.None), so the kernel releases it when the process dies,
/// however it dies. The holder's pid and data dir go into a separate <c>DIR/INSTANCE.owner</c>, because a file under
/// flock cannot be opened by the process that is refused it; the owner file is rewritten right after the lock is won,
/// so it names the live holder whenever the lock is found taken.
/// </remarks>
internal sealed class InstanceLock : IDisposable
{
    /// <summary>Where the locks live: /run, so a reboot clears them along with the processes that held them.</summary>
    public const string DefaultDirectory = "/run/homelab/instances";

    private readonly FileStream _stream;

    private InstanceLock(FileStream stream) => _stream = stream;

    /// <exception cref="InstanceLockedException">Another live process holds the instance.</exception>
    public static InstanceLock Acquire(string instance, string dataDir, string directory = DefaultDirectory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, instance + ".lock");
        var owner = Path.Combine(directory, instance + ".owner");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InstanceLockedException(instance, ReadOwner(owner), path, e);
        }
        File.WriteAllText(owner, $"{Environment.ProcessId}\n{Path.GetFullPath(dataDir)}\n");
        return new InstanceLock(stream);
    }

    public void Dispose() => _stream.Dispose();

    private static string ReadOwner(string owner)
    {
        try
        {
            var lines = File.ReadAllLines(owner);
            return lines.Length >= 2 ? $"pid {lines[0]}, data dir {lines[1]}" : "owner unknown";
        }
        catch (IOException)
        {
            return "owner unknown";
        }
    }
}
