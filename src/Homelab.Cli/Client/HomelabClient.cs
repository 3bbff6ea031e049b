using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Client;

/// <summary>The HTTP API of homelabd over its Unix socket. Every failure is an <see cref="ApiException"/> or a <see cref="DaemonUnreachableException"/>.</summary>
internal sealed class HomelabClient : IDisposable
{
    private const string MergePatchMediaType = "application/merge-patch+json";
    private readonly HttpClient _http;
    private readonly string _socketPath;

    public HomelabClient(string socketPath)
        : this(socketPath, UnixSocketHttp.CreateHandler(socketPath))
    {
    }

    /// <summary>For tests: any handler, with the socket path used only in messages.</summary>
    public HomelabClient(string socketPath, HttpMessageHandler handler)
    {
        _socketPath = socketPath;
        // The host name is ignored by the socket connect callback; it only has to be a valid authority.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://homelabd"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public string SocketPath => _socketPath;

    /// <summary>Called with each Warning the daemon sends (admission's: a security level a write would violate).</summary>
    public Action<string>? OnWarning { get; set; }

    /// <summary>
    /// Opens the pooled connection (and brings up the HTTP stack) ahead of the first real request, with the cheapest call
    /// the API has. Callers start this before CPU-bound work such as parsing manifests, so the two overlap.
    /// </summary>
    public Task WarmUpAsync(CancellationToken ct) => Task.Run(() => GetAsync(ApiPaths.Version, ct), ct);

    public async Task<JsonObject> GetAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct).ConfigureAwait(false);
        return await ReadObjectAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>GET that answers null for 404 NotFound instead of throwing.</summary>
    public async Task<JsonObject?> TryGetAsync(string path, CancellationToken ct)
    {
        try
        {
            return await GetAsync(path, ct).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Copies a text/plain stream (logs) to <paramref name="output"/> as it arrives.</summary>
    public async Task StreamTextAsync(string path, TextWriter output, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Lists one kind in one namespace (null: all namespaces), optionally by label selector.</summary>
    public async Task<ObjectList> ListAsync(KindInfo kind, string? ns, string? labelSelector, CancellationToken ct)
    {
        var path = ApiPaths.For(kind, ns);
        if (!string.IsNullOrEmpty(labelSelector))
        {
            path += "?labelSelector=" + Uri.EscapeDataString(labelSelector);
        }
        var list = await GetAsync(path, ct).ConfigureAwait(false);
        var items = list["items"] is JsonArray array ? array.OfType<JsonObject>().ToList() : [];
        var resourceVersion = JsonText.String(list["metadata"]?["resourceVersion"]) ?? "";
        foreach (var item in items)
        {
            // Kubernetes lists may omit kind/apiVersion on items; printers and planners want them.
            item["kind"] ??= kind.Kind;
            item["apiVersion"] ??= ApiGroup.ApiVersion;
        }
        return new ObjectList(items, resourceVersion);
    }

    public async Task<BatchResponse> BatchAsync(BatchRequest request, bool dryRun, CancellationToken ct)
    {
        var path = dryRun ? ApiPaths.Batch + "?dryRun=All" : ApiPaths.Batch;
        var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent(JsonSerializer.Serialize(request, CliJsonContext.Default.BatchRequest), "application/json"),
        };
        using var response = await SendAsync(message, ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, CliJsonContext.Default.BatchResponse, ct).ConfigureAwait(false)
            ?? new BatchResponse();
    }

    /// <summary>POST of one new object to its collection; the daemon's answer is the stored object.</summary>
    public async Task<JsonObject> CreateAsync(string collectionPath, JsonObject obj, CancellationToken ct)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, collectionPath) { Content = JsonContent(obj.ToJsonString(), "application/json") };
        using var response = await SendAsync(message, ct).ConfigureAwait(false);
        return await ReadObjectAsync(response, ct).ConfigureAwait(false);
    }

    public async Task<JsonObject> MergePatchAsync(string path, JsonObject patch, CancellationToken ct)
    {
        var message = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent(patch.ToJsonString(), MergePatchMediaType) };
        using var response = await SendAsync(message, ct).ConfigureAwait(false);
        return await ReadObjectAsync(response, ct).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), ct).ConfigureAwait(false);
    }

    public async Task<EventList> EventsAsync(string? ns, string? kind, string? name, CancellationToken ct)
    {
        var path = ApiPaths.Events(ns);
        if (kind is not null && name is not null)
        {
            path += $"?kind={Uri.EscapeDataString(kind)}&name={Uri.EscapeDataString(name)}";
        }
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, CliJsonContext.Default.EventList, ct).ConfigureAwait(false) ?? new EventList();
    }

    /// <summary>GET /readyz?format=report: every host check of the daemon as JSON, passed or not.</summary>
    public async Task<HostCheckReport> HostChecksAsync(CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.Readyz + "?format=" + ApiPaths.ReadyzReportFormat);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, CliJsonContext.Default.HostCheckReport, ct).ConfigureAwait(false) ?? new HostCheckReport();
    }

    /// <summary>Streams watch events of one kind (and namespace) after <paramref name="resourceVersion"/> until cancelled or the server ends the stream.</summary>
    public async IAsyncEnumerable<ApiWatchEvent> WatchAsync(KindInfo kind, string? ns, string resourceVersion, string? labelSelector, [EnumeratorCancellation] CancellationToken ct)
    {
        var path = ApiPaths.For(kind, ns) + "?watch=true&resourceVersion=" + Uri.EscapeDataString(resourceVersion);
        if (!string.IsNullOrEmpty(labelSelector))
        {
            path += "&labelSelector=" + Uri.EscapeDataString(labelSelector);
        }
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            if (JsonNode.Parse(line) is not JsonObject node || node["object"] is not JsonObject obj)
            {
                continue;
            }
            var type = JsonText.String(node["type"]) ?? "";
            if (type == ApiWatchEvent.Error)
            {
                throw new ApiException(obj.Deserialize(CliJsonContext.Default.Status) ?? new Status { Message = "watch failed" });
            }
            obj["kind"] ??= kind.Kind;
            yield return new ApiWatchEvent(type, obj);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            throw new DaemonUnreachableException(_socketPath, Describe(socket), e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError)
        {
            throw new DaemonUnreachableException(_socketPath, e.Message, e);
        }
        finally
        {
            request.Dispose();
        }
        foreach (var warning in response.Headers.Warning)
        {
            OnWarning?.Invoke(WarningHeader.Unquote(warning.Text));
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw new ApiException(await ReadStatusAsync(response, ct).ConfigureAwait(false));
        }
    }

    private static async Task<Status> ReadStatusAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            if (JsonSerializer.Deserialize(body, CliJsonContext.Default.Status) is { Kind: "Status" } status)
            {
                if (status.Code == 0)
                {
                    status.Code = (int)response.StatusCode;
                }
                return status;
            }
        }
        catch (JsonException)
        {
            // Not a Status body (a proxy, or a crash page): fall through to a synthetic Status carrying the text.
        }
        return new Status
        {
            Code = (int)response.StatusCode,
            Reason = response.StatusCode == HttpStatusCode.NotFound ? StatusReasons.NotFound : response.StatusCode.ToString(),
            Message = string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase ?? "request failed" : body.Trim(),
        };
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await JsonNode.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false) as JsonObject
            ?? throw new ApiException(new Status { Code = 500, Reason = StatusReasons.InternalError, Message = "the daemon answered with something that is not a JSON object" });
    }

    private static StringContent JsonContent(string json, string mediaType)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable or SocketError.HostNotFound => "no such socket",
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AccessDenied => "permission denied",
        _ => e.Message,
    };
}
