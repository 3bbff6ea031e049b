using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Server.Tests;

/// <summary>Raw HTTP calls against the API, so the tests see exactly what the wire carries.</summary>
internal static class ApiCalls
{
    public static string ServicesPath(string ns, string? name = null) => ApiPaths.For(ResourceKinds.Service, ns, name);

    public static string RoutesPath(string ns, string? name = null) => ApiPaths.For(ResourceKinds.Route, ns, name);

    /// <summary>Merge-patches a Route's status as its controller would, so page and metric tests need no proxy.</summary>
    public static async Task WriteRouteStatusAsync(this HttpClient http, string ns, string name, JsonObject status)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Patch, RoutesPath(ns, name) + "/status", status, "application/merge-patch+json");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient http, HttpMethod method, string path, JsonNode? body, string contentType = "application/json") =>
        http.SendRawAsync(method, path, body?.ToJsonString(), contentType);

    public static async Task<HttpResponseMessage> SendRawAsync(this HttpClient http, HttpMethod method, string path, string? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> CreateAsync(this HttpClient http, JsonObject manifest)
    {
        var kind = ResourceKinds.ByKind(manifest["kind"]!.GetValue<string>())!;
        var ns = manifest["metadata"]?["namespace"]?.GetValue<string>() ?? "default";
        using var response = await http.SendJsonAsync(HttpMethod.Post, ApiPaths.For(kind, kind.Namespaced ? ns : null), manifest);
        return await ExpectObjectAsync(response, HttpStatusCode.Created);
    }

    public static async Task<JsonObject> GetObjectAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await ExpectObjectAsync(response, HttpStatusCode.OK);
    }

    public static async Task<JsonObject> ExpectObjectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The response must be a Kubernetes Status with this code.</summary>
    public static async Task<Status> ExpectStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = JsonSerializer.Deserialize<Status>(text, HomelabJson.Options)!;
        Assert.Equal("Status", status.Kind);
        Assert.Equal("Failure", status.Outcome);
        Assert.Equal((int)expected, status.Code);
        Assert.False(string.IsNullOrWhiteSpace(status.Message));
        return status;
    }

    public static string ResourceVersion(this JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    public static long Generation(this JsonObject obj) => obj["metadata"]!["generation"]!.GetValue<long>();
}
