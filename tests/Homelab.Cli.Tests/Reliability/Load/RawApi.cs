using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>
/// Plain HTTP/1.1 over homelabd's Unix socket, without hlctl's client: what a script or another tool would send.
/// Every call answers its status, body and how long it took; nothing throws but the transport.
/// </summary>
internal sealed class RawApi : IDisposable
{
    private readonly HttpClient _http;

    public RawApi(string socket) =>
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(connection, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://homelabd"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(int Status, string Body, TimeSpan Took)> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, body, Stopwatch.GetElapsedTime(started));
    }

    public void Dispose() => _http.Dispose();
}
