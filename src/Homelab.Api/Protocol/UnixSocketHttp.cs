using System.Net.Sockets;

namespace Homelab.Api.Protocol;

/// <summary>HTTP over a Unix socket: how hlctl reaches homelabd and homelabd reaches the APIs of the tools it drives.</summary>
public static class UnixSocketHttp
{
    /// <summary>A handler that sends every request to the socket at <paramref name="path"/>, whatever host the URI names.</summary>
    /// <remarks>No proxy: an HTTP_PROXY in the environment must not take a request meant for a local socket elsewhere.</remarks>
    public static SocketsHttpHandler CreateHandler(string path) => new()
    {
        UseProxy = false,
        ConnectCallback = (_, cancellationToken) => ConnectAsync(path, cancellationToken),
    };

    /// <summary>Connects to the socket at <paramref name="path"/>; the stream owns the socket.</summary>
    /// <exception cref="SocketException">Nobody listens there, or the file is missing or not ours to open.</exception>
    public static async ValueTask<Stream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
