using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Security;
using Homelab.Api.Serialization;

namespace Homelab.Server.Tests.Security;

/// <summary>The security levels on the wire: 403 Status with causes, Warning headers as the apiserver sends them.</summary>
public sealed class SecurityLevelApiTests : IAsyncLifetime
{
    private TestDaemon daemon = null!;

    private HttpClient Http => daemon.Http;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync();

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    [Fact]
    public async Task The_daemon_enforces_baseline_by_default_with_a_forbidden_status_naming_fields_and_rules()
    {
        var service = Manifests.Service("web");
        service["spec"]!["securityContext"] = new JsonObject { ["privileged"] = true };
        service["spec"]!["volumes"] = new JsonArray(new JsonObject { ["hostPath"] = "/", ["mountPath"] = "/host" });

        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), service);

        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Forbidden", status.Reason);
        Assert.Equal([("spec.securityContext.privileged", "baseline/privileged"), ("spec.volumes[0].hostPath", "baseline/host-path")],
            status.Details!.Causes!.Select(c => (c.Field, c.Reason)));
    }

    [Fact]
    public async Task Warn_level_violations_come_back_as_warning_headers_on_create_replace_patch_and_batch()
    {
        var ns = Manifests.Namespace("data");
        ns["metadata"]!["labels"] = new JsonObject { [SecurityLabels.Warn] = "restricted" };
        await Http.CreateAsync(ns);

        using var created = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("data"), Manifests.Service("db", "data"));
        var stored = await ApiCalls.ExpectObjectAsync(created, HttpStatusCode.Created);
        stored["spec"]!["image"] = "registry.local/web:2.0";
        using var replaced = await Http.SendJsonAsync(HttpMethod.Put, ApiCalls.ServicesPath("data", "db"), stored);
        using var patched = await Http.SendJsonAsync(HttpMethod.Patch, ApiCalls.ServicesPath("data", "db"),
            new JsonObject { ["spec"] = new JsonObject { ["image"] = "registry.local/web:3.0" } }, "application/merge-patch+json");
        var batch = new BatchRequest { Operations = [new BatchOperation { Op = BatchOps.Create, Object = Manifests.Service("cache", "data") }] };
        using var batched = await Http.SendJsonAsync(HttpMethod.Post, ApiPaths.Batch, JsonSerializer.SerializeToNode(batch, HomelabJson.Options));

        foreach (var (response, name) in new[] { (created, "db"), (replaced, "db"), (patched, "db"), (batched, "cache") })
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
            var warnings = response.Headers.Warning.ToList();
            Assert.Equal(2, warnings.Count);
            Assert.All(warnings, w => Assert.Equal((299, "-"), (w.Code, w.Agent)));
            Assert.Contains(warnings, w => WarningHeader.Unquote(w.Text).StartsWith(
                $"service \"{name}\" would violate security level \"restricted\" of namespace data: spec.securityContext.runAsUser", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_write_within_every_level_carries_no_warning()
    {
        using var response = await Http.SendJsonAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), Manifests.Service("web"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(response.Headers.Warning);
    }
}
