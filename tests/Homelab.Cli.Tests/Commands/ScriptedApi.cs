using System.Net;
using System.Text;

namespace Homelab.Cli.Tests.Commands;

/// <summary>A stateful fake of the daemon's HTTP side: answers by method and path, and records every request.</summary>
internal sealed class ScriptedApi : HttpMessageHandler
{
    private readonly Func<HttpMethod, string, string?, int, (HttpStatusCode Status, string Body)> _answer;
    private readonly List<(HttpMethod Method, string Path, string? Body)> _requests = [];

    public ScriptedApi(Func<HttpMethod, string, string?, int, (HttpStatusCode, string)> answer) => _answer = answer;

    public IReadOnlyList<(HttpMethod Method, string Path, string? Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.PathAndQuery;
        int count;
        lock (_requests)
        {
            count = _requests.Count(r => r.Method == request.Method && r.Path == path);
            _requests.Add((request.Method, path, body));
        }
        var (status, text) = _answer(request.Method, path, body, count);
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}
