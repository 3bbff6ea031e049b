namespace Homelab.Store.Internal;

/// <summary>
/// Makes a LiteDB commit durable before it is acknowledged. LiteDB 5 writes a transaction's pages to its log file and
/// returns without an fsync, so a commit lived in the page cache until the kernel wrote it back: a file system that
/// turned read-only under homelabd (ReadOnlyDiskTests), like a power cut, lost the last seconds of acknowledged writes.
/// fsync reaches the log's pages whichever descriptor wrote them; on ext4 and xfs it also commits a new log file's
/// directory entry. The file is opened per commit: LiteDB deletes its log when it closes, and a held descriptor would
/// then sync a file nobody reads.
/// </summary>
internal sealed class LogFileSync(string databasePath)
{
    // LiteDB's naming: homelab.db logs to homelab-log.db.
    private readonly string _logPath = Path.Combine(
        Path.GetDirectoryName(databasePath) ?? ".",
        Path.GetFileNameWithoutExtension(databasePath) + "-log" + Path.GetExtension(databasePath));

    public void Flush()
    {
        // A commit that wrote no page leaves no log to sync.
        if (!File.Exists(_logPath))
        {
            return;
        }
        using var log = File.OpenHandle(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.FlushToDisk(log);
    }
}
