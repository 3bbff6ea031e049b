using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Microsoft.Extensions.Options;

namespace Homelab.Proxy.Caddy;

/// <summary>
/// Caddy's admin API on a Unix socket in the proxy's data directory: not on any network, reachable by root on the host
/// alone. Caddy checks the Host header of admin requests against admin.origins, so every request names <see cref="CaddyAdminOrigin"/>.
/// </summary>
internal sealed class CaddyAdminClient : IProxyAdmin, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    public CaddyAdminClient(IOptions<ProxyOptions> options)
    {
        var socket = Path.Combine(options.Value.DataDir, ProxyOptions.AdminSocketName);
        var handler = UnixSocketHttp.CreateHandler(socket);
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://{CaddyAdminOrigin.Value}/"), Timeout = Timeout };
    }

    public JsonObject WithAdmin(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = (JsonObject)config.DeepClone();
        result["admin"] = new JsonObject
        {
            ["listen"] = $"unix/{ProxyOptions.ContainerDataDir}/{ProxyOptions.AdminSocketName}",
            ["origins"] = new JsonArray(CaddyAdminOrigin.Value),
        };
        return result;
    }

    public async Task<JsonObject?> GetConfigAsync(CancellationToken cancellationToken)
    {
        var text = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "config/"), cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ProxyException($"the proxy's config is not JSON: {e.Message}", inner: e);
        }
    }

    public async Task LoadAsync(JsonObject config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var request = new HttpRequestMessage(HttpMethod.Post, "load")
        {
            Content = new StringContent(config.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ProxyException($"the proxy's admin socket does not answer: {e.Message}", inner: e);
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new ProxyException(ErrorText(body, (int)response.StatusCode), isRefused: (int)response.StatusCode is >= 400 and < 500);
                }
                return body;
            }
        }
    }

    /// <summary>Caddy answers errors as {"error": "…"}.</summary>
    private static string ErrorText(string body, int status)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject { } o && o["error"]?.GetValue<string>() is { } error)
            {
                return error;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return $"HTTP {status}: {body.Trim()}";
    }

    public void Dispose() => _http.Dispose();
}
