using System.Net;
using System.Net.Sockets;

namespace Homelab.TestKit;

/// <summary>Loopback helpers for integration tests: a free port, and an HTTP GET that waits a bounded time for a server.</summary>
public static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The page at http://127.0.0.1:<paramref name="port"/>/. Bounded: at most <paramref name="attempts"/> tries, 200 ms
    /// apart, 5 s each, for the server inside a container to start listening (the host is shared and slow under load).
    /// </summary>
    public static async Task<string> GetAsync(int port, int attempts = 100, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Exception? last = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            try
            {
                return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e;
                await Task.Delay(200, cancellationToken);
            }
        }
        throw new InvalidOperationException($"nothing answered on 127.0.0.1:{port}", last);
    }
}
