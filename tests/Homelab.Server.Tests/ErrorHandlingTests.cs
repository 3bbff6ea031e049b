using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;

namespace Homelab.Server.Tests;

public sealed class ErrorHandlingTests : IAsyncLifetime
{
    private TestDaemon daemon = null!;

    private HttpClient Http => daemon.Http;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync(options: o => o.MaxRequestBodyBytes = 64 * 1024);

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    [Fact]
    public async Task Malformed_json_is_a_bad_request_status()
    {
        using var response = await Http.SendRawAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), "{\"kind\": \"Service\", ");

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", status.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_a_bad_request()
    {
        using var response = await Http.SendRawAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), "[1, 2]");

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON object", status.Message);
    }

    [Fact]
    public async Task Duplicate_properties_are_a_bad_request()
    {
        using var response = await Http.SendRawAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), "{\"kind\":\"Service\",\"kind\":\"Service\"}");

        await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_kind_is_not_found()
    {
        using var response = await Http.GetAsync(ApiPaths.Root + "/namespaces/default/deployments");

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("deployments", status.Message);
    }

    [Fact]
    public async Task A_namespaced_kind_outside_a_namespace_path_is_not_found()
    {
        using var get = await Http.GetAsync(ApiPaths.Root + "/services/web");
        using var post = await Http.SendJsonAsync(HttpMethod.Post, ApiPaths.Root + "/services", Manifests.Service("web"));

        var status = await ApiCalls.ExpectStatusAsync(get, HttpStatusCode.NotFound);
        Assert.Contains("namespaced", status.Message);
        await ApiCalls.ExpectStatusAsync(post, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_path_is_a_not_found_status()
    {
        using var response = await Http.GetAsync("/api/v1/pods/x/y/z");

        await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Missing_object_is_a_not_found_status()
    {
        using var response = await Http.GetAsync(ApiCalls.ServicesPath("default", "nothing"));

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("NotFound", status.Reason);
    }

    [Fact]
    public async Task Wrong_method_is_a_method_not_allowed_status()
    {
        using var response = await Http.DeleteAsync(ApiPaths.Version);

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("MethodNotAllowed", status.Reason);
    }

    [Fact]
    public async Task Wrong_content_type_is_unsupported_media_type()
    {
        using var response = await Http.SendRawAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), Manifests.Service("web").ToJsonString(), "application/x-www-form-urlencoded");

        await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Oversized_body_is_refused_with_413()
    {
        var manifest = Manifests.Service("web");
        manifest["metadata"]!["annotations"] = new JsonObject { ["big"] = new string('x', 100 * 1024) };

        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), manifest);

        await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Unknown_fields_are_invalid()
    {
        var manifest = Manifests.Service("web");
        manifest["spec"]!["imagee"] = "typo";

        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), manifest);

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(status.Details!.Causes!, c => c.Field.Contains("imagee", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flood_of_garbage_leaves_the_daemon_answering()
    {
        var random = new Random(1234);
        var paths = new[] { ApiCalls.ServicesPath("default"), ApiCalls.ServicesPath("default", "web"), ApiPaths.Batch, ApiPaths.Root + "/namespaces", "/%00%ff", ApiPaths.Root + "/namespaces/default/services/web/status?watch=maybe&resourceVersion=-1" };
        var methods = new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete };
        var contentTypes = new[] { "application/json", "application/merge-patch+json", "text/plain" };
        for (var i = 0; i < 200; i++)
        {
            if (i % 4 == 0)
            {
                await SendRawBytesAsync(random);
                continue;
            }
            var body = i % 3 == 0 ? RandomText(random) : RandomJson(random);
            using var response = await Http.SendRawAsync(methods[random.Next(methods.Length)], paths[random.Next(paths.Length)], body, contentTypes[random.Next(contentTypes.Length)]);
            Assert.True((int)response.StatusCode < 500, $"request {i} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var version = await Http.GetAsync(ApiPaths.Version);
        var created = await Http.CreateAsync(Manifests.Service("after-flood"));

        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal("after-flood", created["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Discovery_lists_every_kind_with_its_names()
    {
        using var response = await Http.GetAsync(ApiPaths.Root);
        var list = JsonSerializer.Deserialize<ApiResourceList>(await response.Content.ReadAsStringAsync(), Homelab.Api.Serialization.HomelabJson.Options)!;

        var services = Assert.Single(list.Resources, r => r.Name == "services");
        Assert.True(services.Namespaced);
        Assert.Equal("Service", services.Kind);
        Assert.Contains("svc", services.ShortNames!);
        Assert.Contains("watch", services.Verbs);
        Assert.False(Assert.Single(list.Resources, r => r.Name == "namespaces").Namespaced);
        Assert.Contains(list.Resources, r => r.Name == "services/status");
    }

    [Fact]
    public async Task Version_names_the_api_version()
    {
        using var response = await Http.GetAsync(ApiPaths.Version);
        var version = JsonSerializer.Deserialize<VersionInfo>(await response.Content.ReadAsStringAsync(), Homelab.Api.Serialization.HomelabJson.Options)!;

        Assert.Equal(Homelab.Api.ApiGroup.ApiVersion, version.ApiVersion);
        Assert.False(string.IsNullOrEmpty(version.Version));
    }

    private async Task SendRawBytesAsync(Random random)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.Options.SocketPath));
        var garbage = new byte[random.Next(1, 2048)];
        random.NextBytes(garbage);
        await socket.SendAsync(garbage);
        socket.Shutdown(SocketShutdown.Send);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // Kestrel answers malformed HTTP with 400 and closes; read until it does so the connection is not left half-open.
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
        {
        }
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 300);
        for (var i = 0; i < length; i++)
        {
            builder.Append((char)random.Next(32, 127));
        }
        return builder.ToString();
    }

    private static string RandomJson(Random random) => random.Next(6) switch
    {
        0 => "{\"apiVersion\":\"homelab.dev/v1alpha1\",\"kind\":\"Service\",\"metadata\":{\"name\":" + random.Next() + "}}",
        1 => "{\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"abc\"},\"spec\":{\"ports\":[{\"containerPort\":\"x\"}]}}",
        2 => "{\"operations\":[{\"op\":\"create\",\"object\":{\"kind\":\"Nope\"}},{\"op\":\"delete\"}]}",
        3 => "{\"status\":[1,2,3],\"metadata\":{\"name\":null}}",
        4 => new string('[', 200) + new string(']', 200),
        _ => "{\"spec\":{\"image\":" + new string('"', random.Next(1, 5)) + "}}",
    };
}
