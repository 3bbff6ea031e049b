using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Homelab.Server.Preflight;
using Homelab.Store;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Hosting;

/// <summary>
/// Creates the API socket for Kestrel (through <c>SocketTransportOptions.CreateBoundListenSocket</c>) so that the umask
/// that makes it 0600 from birth is in force only for the one bind() call, not while other threads (controllers
/// spawning podman) create files. Kestrel owns the socket afterwards; disposing it removes the file.
/// </summary>
/// <remarks>
/// Taking <see cref="IResourceStore"/> as a dependency is the point, not an accident: the store holds the data
/// directory's lock once it exists, so no other homelabd of this directory can be serving when a leftover socket file
/// is removed here.
/// </remarks>
internal sealed partial class UnixSocketListener(IResourceStore store, ApiSocketState state, IOptions<HomelabServerOptions> options, ILogger<UnixSocketListener> logger)
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAndGroup = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    // 0177 octal: no execute for the owner, nothing for group and others.
    private const uint BindUmask = 0x7F;

    public string SocketPath { get; } = Path.GetFullPath(options.Value.SocketPath);

    /// <summary>Kestrel's hook: the configured socket for our endpoint, the default behaviour for any other.</summary>
    public Socket CreateBoundSocket(EndPoint endPoint) =>
        endPoint is UnixDomainSocketEndPoint unix && Path.GetFullPath(unix.ToString()) == SocketPath
            ? Bind()
            : SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);

    private Socket Bind()
    {
        LogBinding(logger, store.Revision);
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!, DirectoryMode);
        RemoveStaleSocket();
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var previous = Libc.Umask(BindUmask);
            try
            {
                socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
            }
            finally
            {
                Libc.Umask(previous);
            }
            var mode = ApplyOwnership();
            state.MarkBound();
            LogBound(logger, SocketPath, Convert.ToString((int)mode, 8));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
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
        LogRemovingStale(logger, SocketPath);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Binding the API socket with the store at revision {Revision}")]
    private static partial void LogBinding(ILogger logger, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "API socket {SocketPath} bound with mode {Mode}")]
    private static partial void LogBound(ILogger logger, string socketPath, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing stale socket file {SocketPath}")]
    private static partial void LogRemovingStale(ILogger logger, string socketPath);
}
