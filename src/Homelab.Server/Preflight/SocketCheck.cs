using System.Net.Sockets;
using System.Text;
using Homelab.Api.Protocol;
using Homelab.Operator;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Preflight;

/// <summary>
/// Before start: the socket path fits a Unix socket address, its directory can be made, and no other process serves
/// there. Once serving: the socket file is still there (a removed file cuts every client off until a restart).
/// </summary>
internal sealed class SocketCheck(IOptions<HomelabServerOptions> options, ApiSocketState state) : IHostCheck
{
    public const string Name = "socket";

    /// <summary>sun_path holds 108 bytes with the terminating NUL.</summary>
    private const int MaxPathBytes = 107;

    public async Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.Value.SocketPath);
        if (state.Bound)
        {
            return File.Exists(path)
                ? [HostCheckResult.Pass(Name, $"serving on {path}")]
                : [HostCheckResult.Fail(Name, $"the socket file {path} was removed while homelabd serves; clients cannot connect", "restart homelabd")];
        }
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            return [HostCheckResult.Fail(Name, $"{path} is longer than the {MaxPathBytes} bytes a Unix socket address holds", "choose a shorter --socket")];
        }
        if (Directory.Exists(path))
        {
            return [HostCheckResult.Fail(Name, $"{path} is a directory", "choose another --socket")];
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [HostCheckResult.Fail(Name, $"cannot make the socket's directory: {e.Message}", "choose a --socket in a writable directory (default /run/homelab)")];
        }
        if (File.Exists(path) && await AnswersAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return [HostCheckResult.Fail(Name, $"another process serves on {path}", "stop the other homelabd, or give this one its own --socket, --data-dir and --instance")];
        }
        return [HostCheckResult.Pass(Name, $"{path} is free")];
    }

    private static async Task<bool> AnswersAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = await UnixSocketHttp.ConnectAsync(path, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
