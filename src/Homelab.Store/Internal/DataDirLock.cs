namespace Homelab.Store.Internal;

/// <summary>
/// Keeps a second homelabd off the data directory. LiteDB's own file locking does not stop a second writer on Linux,
/// so the lock file is opened with FileShare.None, which .NET turns into flock(LOCK_EX | LOCK_NB).
/// </summary>
internal sealed class DataDirLock : IDisposable
{
    public const string FileName = "homelab.lock";

    private readonly FileStream _stream;

    private DataDirLock(FileStream stream) => _stream = stream;

    public static DataDirLock Acquire(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The pid is for the human who finds the file; the lock itself is what counts.
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.WriteLine(Environment.ProcessId);
            }
            stream.Flush();
            return new DataDirLock(stream);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new StoreLockedException($"another homelabd is already using data dir {dataDir} ({path} is locked)", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
