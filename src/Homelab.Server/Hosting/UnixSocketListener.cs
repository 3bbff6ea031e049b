using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Hosting;

/// <summary>
/// Binds the API socket itself rather than letting Kestrel do it, so the umask that makes the socket 0600 from birth is
/// in force only for the one bind() call and not while other threads (controllers spawning podman) run.
/// Kestrel receives a duplicate of the descriptor; this class keeps the original so that disposing it unlinks the file.
/// </summary>
internal sealed class UnixSocketListener(IOptions<HomelabServerOptions> options, ILogger<UnixSocketListener> logger) : IDisposable
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAndGroup = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    // 0177 octal: no execute for the owner, nothing for group and others.
    private const uint BindUmask = 0x7F;

    private Socket? socket;
    private int kestrelHandle = -1;

    public string SocketPath { get; } = Path.GetFullPath(options.Value.SocketPath);

    /// <summary>The descriptor Kestrel listens on; valid after <see cref="Bind"/>.</summary>
    public ulong Handle => kestrelHandle >= 0 ? (ulong)kestrelHandle : throw new InvalidOperationException("the API socket is not bound yet");

    /// <summary>
    /// Creates the socket. Call only once the store is open: its lock file proves no other daemon uses this data directory,
    /// which is what makes removing a leftover socket file safe.
    /// </summary>
    public void Bind()
    {
        if (socket is not null)
        {
            throw new InvalidOperationException("the API socket is already bound");
        }
        var directory = Path.GetDirectoryName(SocketPath)!;
        Directory.CreateDirectory(directory, DirectoryMode);
        RemoveStaleSocket();

        var listening = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var previous = Libc.Umask(BindUmask);
            try
            {
                listening.Bind(new UnixDomainSocketEndPoint(SocketPath));
            }
            finally
            {
                Libc.Umask(previous);
            }
            var mode = ApplyOwnership();
            listening.Listen(512);
            var duplicate = Libc.Dup((int)listening.Handle);
            if (duplicate < 0)
            {
                throw new IOException($"cannot duplicate the socket descriptor: errno {Marshal.GetLastPInvokeError()}");
            }
            kestrelHandle = duplicate;
            socket = listening;
            logger.LogInformation("API socket {SocketPath} bound with mode {Mode}", SocketPath, Convert.ToString((int)mode, 8));
        }
        catch
        {
            listening.Dispose();
            throw;
        }
    }

    /// <summary>Closes this side of the socket and removes the socket file (Kestrel closes its own duplicate).</summary>
    public void Dispose()
    {
        socket?.Dispose();
        socket = null;
    }

    private void RemoveStaleSocket()
    {
        if (Directory.Exists(SocketPath))
        {
            throw new IOException($"--socket: \"{SocketPath}\" is a directory");
        }
        if (!File.Exists(SocketPath))
        {
            return;
        }
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
                throw new IOException($"--socket: another process is serving on \"{SocketPath}\"; stop it or choose another --socket");
            }
            catch (SocketException)
            {
                // Nobody accepts connections: the file was left behind by a daemon that did not shut down cleanly.
            }
        }
        logger.LogInformation("Removing stale socket file {SocketPath}", SocketPath);
        File.Delete(SocketPath);
    }

    private UnixFileMode ApplyOwnership()
    {
        if (options.Value.SocketGroup is not { } group)
        {
            File.SetUnixFileMode(SocketPath, OwnerOnly);
            return OwnerOnly;
        }
        var gid = ResolveGroup(group);
        if (Libc.Chown(SocketPath, uint.MaxValue, gid) != 0)
        {
            throw new IOException($"--socket-group: cannot give \"{SocketPath}\" to group {group}: errno {Marshal.GetLastPInvokeError()}");
        }
        File.SetUnixFileMode(SocketPath, OwnerAndGroup);
        return OwnerAndGroup;
    }

    private static uint ResolveGroup(string group)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            return gid;
        }
        // /etc/group lines: name:password:gid:members.
        foreach (var line in File.ReadLines("/etc/group"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == group && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out gid))
            {
                return gid;
            }
        }
        throw new IOException($"--socket-group: no group named \"{group}\" in /etc/group");
    }
}
