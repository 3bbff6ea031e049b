using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>
/// Plain HTTP/1.1 over homelabd's Unix socket, without hlctl's client: what a script or another tool would send.
/// Every call answers its status, body and how long it took; nothing throws but the transport and the time bound.
/// </summary>
internal sealed class RawApi : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    public RawApi(string socket) =>
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            // A watch closed after its first event goes away at once, as a client that stops watching does, instead of
            // being read on for a while so that its connection could serve again.
            MaxResponseDrainSize = 0,
            ConnectCallback = async (_, ct) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(connection, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://homelabd"), Timeout = Bound };

    public Task<(int Status, string Body, TimeSpan Took)> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return TimedAsync(request, (content, token) => content.ReadAsStringAsync(token), ct);
    }

    /// <summary>Opens a watch (a ?watch=true path), reads its first event line ("" if it ended first) and closes it.</summary>
    public Task<(int Status, string Body, TimeSpan Took)> FirstWatchEventAsync(string path, CancellationToken ct) =>
        TimedAsync(new HttpRequestMessage(HttpMethod.Get, path), async (content, token) =>
        {
            using var reader = new StreamReader(await content.ReadAsStreamAsync(token));
            return await reader.ReadLineAsync(token) ?? "";
        }, ct);

    public void Dispose() => _http.Dispose();

    /// <summary>The client's timeout ends at the headers; the body is read under the same bound.</summary>
    private async Task<(int Status, string Body, TimeSpan Took)> TimedAsync(HttpRequestMessage request, Func<HttpContent, CancellationToken, Task<string>> read, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Bound);
        using (request)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bounded.Token);
            var body = await read(response.Content, bounded.Token);
            return ((int)response.StatusCode, body, Stopwatch.GetElapsedTime(started));
        }
    }
}
