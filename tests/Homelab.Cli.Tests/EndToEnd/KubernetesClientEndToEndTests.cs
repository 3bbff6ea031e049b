using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// The official C# Kubernetes client (KubernetesClient) against a real homelabd over TLS, used generically as for any
/// custom resource: create, list, watch, patch, delete, with the kubeconfig `hlctl kubeconfig` prints.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubernetesClientEndToEndTests : IAsyncLifetime
{
    private const string Plural = "services";
    private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-k8sclient-", "--listen", $"127.0.0.1:{Kubectl.FreePort()}");
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        await _host.Daemon.StartAsync();
        _kubeconfig = await _host.KubeconfigAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Kubernetes Client(string? kubeconfig = null) => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig ?? _kubeconfig));

    private static JsonElement Service(string name, int port) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["image"] = "127.0.0.1:5000/busybox:latest",
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = port }),
        },
    });

    private async Task<JsonObject?> StoredAsync(string name)
    {
        using var client = _host.Daemon.Client();
        return await client.TryGetAsync(ApiPaths.For(ResourceKinds.Service, "default", name), CancellationToken.None);
    }

    [Fact]
    public async Task Without_the_token_the_client_gets_401()
    {
        var wrong = Path.Combine(_host.Dir, "wrong-kubeconfig");
        await File.WriteAllTextAsync(wrong, (await File.ReadAllTextAsync(_kubeconfig)).Replace("token: ", "token: x", StringComparison.Ordinal));
        using var client = Client(wrong);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CustomObjects.ListNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, "default", Plural));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Response.StatusCode);
    }

    [Fact]
    public async Task Creates_lists_watches_patches_and_deletes_a_custom_object()
    {
        using var client = Client();
        var created = (JsonElement)await client.CustomObjects.CreateNamespacedCustomObjectAsync(Service("web", 80), ApiGroup.Group, ApiGroup.Version, "default", Plural);
        Assert.Equal("web", created.GetProperty("metadata").GetProperty("name").GetString());
        Assert.NotNull(await StoredAsync("web"));

        var list = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, "default", Plural);
        Assert.Equal(["web"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        var listed = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<(WatchEventType Type, int Port)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, obj) in client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                ApiGroup.Group, ApiGroup.Version, "default", Plural, allowWatchBookmarks: true, resourceVersion: listed, cancellationToken: stop.Token))
            {
                var item = (JsonElement)obj;
                if (type == WatchEventType.Bookmark)
                {
                    continue;
                }
                events.Add((type, item.GetProperty("spec").GetProperty("ports")[0].GetProperty("containerPort").GetInt32()));
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        }, stop.Token);

        var patch = new V1Patch("""{"spec":{"ports":[{"containerPort":8080}]}}""", V1Patch.PatchType.MergePatch);
        var patched = (JsonElement)await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, ApiGroup.Group, ApiGroup.Version, "default", Plural, "web");
        Assert.Equal("2", patched.GetProperty("metadata").GetProperty("generation").GetRawText());
        Assert.Equal(8080, (await StoredAsync("web"))!["spec"]!["ports"]![0]!["containerPort"]!.GetValue<int>());

        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, "default", Plural, "web",
            new V1DeleteOptions { PropagationPolicy = "Foreground" });
        await watching;

        Assert.Equal([(WatchEventType.Modified, 8080), (WatchEventType.Deleted, 8080)], events);
        Assert.Null(await StoredAsync("web"));
    }
}
