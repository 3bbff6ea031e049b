using System.Net;
using System.Net.Http;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Reliability.Faults;

/// <summary>
/// A registry on loopback that forwards to the real one (docker-registry on 127.0.0.1:5000) until told otherwise: then
/// it answers 503 (<see cref="FaultMode.Fail"/>), keeps the caller waiting past any sane timeout
/// (<see cref="FaultMode.Hang"/>), or answers 200 with a page of HTML and a digest header that is no digest
/// (<see cref="FaultMode.Garbage"/>).
/// </summary>
internal sealed class FaultyRegistry : IAsyncDisposable
{
    private static readonly string[] ForwardedHeaders = ["Docker-Content-Digest", "Link", "WWW-Authenticate", "Docker-Distribution-Api-Version"];
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile FaultMode _mode = FaultMode.Pass;
    private int _faulted;

    public FaultyRegistry(string upstream)
    {
        Address = $"127.0.0.1:{Loopback.FreePort()}";
        _upstream = new HttpClient { BaseAddress = new Uri($"http://{upstream}") };
        _listener.Prefixes.Add($"http://{Address}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>host:port, as image references name it.</summary>
    public string Address { get; }

    /// <summary>How many requests were answered with a fault.</summary>
    public int Faulted => Volatile.Read(ref _faulted);

    public void Set(FaultMode mode) => _mode = mode;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _listener.Close();
        _upstream.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var mode = _mode;
            if (mode != FaultMode.Pass)
            {
                Interlocked.Increment(ref _faulted);
            }
            switch (mode)
            {
                case FaultMode.Fail:
                    response.StatusCode = 503;
                    break;
                case FaultMode.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(30), _stop.Token);
                    response.StatusCode = 503;
                    break;
                case FaultMode.Garbage:
                    response.StatusCode = 200;
                    response.AddHeader("Docker-Content-Digest", "garbage");
                    await WriteAsync(response, context.Request.HttpMethod, "<html>502 Bad Gateway</html>"u8.ToArray());
                    break;
                default:
                    await ForwardAsync(context);
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or HttpRequestException or ObjectDisposedException)
        {
            // The test is over, or the caller gave up first (which is the point of a hang).
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The caller hung up.
            }
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), context.Request.RawUrl);
        foreach (var name in new[] { "Accept", "Authorization" })
        {
            if (context.Request.Headers.GetValues(name) is { } values)
            {
                request.Headers.TryAddWithoutValidation(name, values);
            }
        }
        using var answer = await _upstream.SendAsync(request, _stop.Token);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var name in ForwardedHeaders)
        {
            if (answer.Headers.TryGetValues(name, out var values))
            {
                context.Response.AddHeader(name, string.Join(",", values));
            }
        }
        if (answer.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }
        await WriteAsync(context.Response, context.Request.HttpMethod, await answer.Content.ReadAsByteArrayAsync(_stop.Token));
    }

    private async Task WriteAsync(HttpListenerResponse response, string method, byte[] body)
    {
        if (method == "HEAD")
        {
            return;
        }
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body, _stop.Token);
    }
}
