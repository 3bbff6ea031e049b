using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Homelab.Podman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>
/// Writes a Service's Secret files on tmpfs (<see cref="PodmanOptions.SecretsDir"/>), one directory per Service uid and
/// per version ({uid}/{hash}), so a replacement mounts the new version while the old container keeps the files it was
/// started with — and comes back to them if the new one does not stay up. Directories are 0700 up to the version,
/// then owned by the Service's user; files carry the requested mode (0400 by default).
/// </summary>
internal sealed partial class SecretFileStore(IOptions<PodmanOptions> options, ILogger<SecretFileStore> logger)
{
    private const string HashKeyFile = "secret-files.key";
    private readonly Lock _keyLock = new();
    private byte[]? _hashKey;

    private string Root => options.Value.SecretsDir;

    /// <summary>The version directory for <paramref name="files"/> (already complete, or written now).</summary>
    public string Write(string uid, string hash, SecretFileSet files)
    {
        var directory = Path.Combine(Root, uid, hash);
        if (Directory.Exists(directory))
        {
            return directory;
        }
        var temporary = directory + ".tmp";
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }
        Directory.CreateDirectory(Path.Combine(Root, uid), OwnerOnly);
        Directory.CreateDirectory(temporary, OwnerOnly);
        var uidValue = checked((uint)files.Uid);
        var gidValue = checked((uint)files.Gid);
        var groupReadable = files.Files.Any(f => f.Mode.HasFlag(UnixFileMode.GroupRead));
        var directoryMode = UnixFileMode.UserRead | UnixFileMode.UserExecute | (groupReadable ? UnixFileMode.GroupRead | UnixFileMode.GroupExecute : 0);
        foreach (var file in files.Files)
        {
            var path = Path.Combine(temporary, file.Path);
            var parent = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(parent, OwnerOnly);
            using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
                stream.Write(file.Content);
            }
            File.SetUnixFileMode(path, file.Mode);
            Chown(path, uidValue, gidValue);
        }
        // Mount points (m{i}) and everything under them belong to the Service's user; the version directory stays root's.
        foreach (var sub in Directory.EnumerateDirectories(temporary, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(sub, directoryMode);
            Chown(sub, uidValue, gidValue);
        }
        Directory.Move(temporary, directory);
        return directory;
    }

    /// <summary>Removes every version of the Service's files but <paramref name="keep"/> (all of them when null).</summary>
    public void Prune(string uid, string? keep)
    {
        var directory = Path.Combine(Root, uid);
        if (!Directory.Exists(directory))
        {
            return;
        }
        foreach (var version in Directory.EnumerateDirectories(directory).Where(d => Path.GetFileName(d) != keep))
        {
            Directory.Delete(version, recursive: true);
        }
        if (keep is null)
        {
            Directory.Delete(directory, recursive: true);
            LogRemoved(logger, uid);
        }
    }

    /// <summary>The key of the version hashes: random, in the data directory (0600), made on first use.</summary>
    public byte[] HashKey()
    {
        lock (_keyLock)
        {
            if (_hashKey is not null)
            {
                return _hashKey;
            }
            var path = Path.Combine(options.Value.DataDir, HashKeyFile);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(options.Value.DataDir);
                using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
                stream.Write(RandomNumberGenerator.GetBytes(32));
                stream.Flush(flushToDisk: true);
            }
            _hashKey = File.ReadAllBytes(path);
            return _hashKey;
        }
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static void Chown(string path, uint uid, uint gid)
    {
        if (NativeChown(path, uid, gid) != 0)
        {
            throw new IOException($"cannot give {path} to {uid}:{gid}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int NativeChown(string path, uint owner, uint group);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed the Secret files of Service uid {Uid}")]
    private static partial void LogRemoved(ILogger logger, string uid);
}
