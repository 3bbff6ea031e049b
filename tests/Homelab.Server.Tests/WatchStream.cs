using System.Net;
using System.Text.Json.Nodes;

namespace Homelab.Server.Tests;

/// <summary>A client side of ?watch=true: one JSON event per line, each read with a bound so a missing event fails rather than hangs.</summary>
internal sealed class WatchStream : IDisposable
{
    private static readonly TimeSpan ReadBound = TimeSpan.FromSeconds(15);
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private WatchStream(HttpResponseMessage response, Stream body)
    {
        this.response = response;
        reader = new StreamReader(body);
    }

    public static async Task<WatchStream> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new WatchStream(response, await response.Content.ReadAsStreamAsync());
    }

    public async Task<WatchedEvent> NextAsync() => await NextOrEndAsync() ?? throw new Xunit.Sdk.XunitException("the watch ended before the expected event");

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<WatchedEvent?> NextOrEndAsync()
    {
        using var timeout = new CancellationTokenSource(ReadBound);
        var line = await reader.ReadLineAsync(timeout.Token);
        if (line is null)
        {
            return null;
        }
        var node = JsonNode.Parse(line)!.AsObject();
        return new WatchedEvent(node["type"]!.GetValue<string>(), node["object"]!.AsObject());
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}

internal sealed record WatchedEvent(string Type, JsonObject Object)
{
    public string Name => Object["metadata"]?["name"]?.GetValue<string>() ?? "";

    public string ResourceVersion => Object["metadata"]!["resourceVersion"]!.GetValue<string>();
}
