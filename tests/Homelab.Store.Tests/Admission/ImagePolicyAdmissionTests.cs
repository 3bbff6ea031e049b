using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Store.Admission;

namespace Homelab.Store.Tests.Admission;

/// <summary>ImagePolicies through a real store: the rules they impose on the Services of the namespaces they select.</summary>
public sealed class ImagePolicyAdmissionTests : IDisposable
{
    private readonly StoreHarness _harness = StoreHarness.Create(onDisk: false, admission: new ResourceAdmission(new SecurityOptions()));

    private IResourceStore Store => _harness.Store;

    public void Dispose() => _harness.Dispose();

    private static ObjectKey PolicyKey(string name) => new("ImagePolicy", "", name);

    private static JsonObject Policy(string name, JsonObject spec) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "ImagePolicy",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec,
    };

    private static JsonObject AppsOnly(JsonObject spec)
    {
        spec["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["zone"] = "apps" } };
        return spec;
    }

    private void Namespace(string name, string zone)
    {
        var ns = Manifests.Namespace(name);
        ns["metadata"]!["labels"] = new JsonObject { ["zone"] = zone };
        Store.Apply(Mutation.Create(Manifests.NamespaceKey(name), ns));
    }

    [Fact]
    public void A_selected_namespace_refuses_short_names_latest_and_foreign_registries_at_once()
    {
        Namespace("media", "apps");
        Store.Apply(Mutation.Create(PolicyKey("local"), Policy("local", AppsOnly(new JsonObject { ["allowedRegistries"] = new JsonArray("127.0.0.1:5000/homelab") }))));

        var e = Assert.Throws<StoreException>(() => Store.Apply(Mutation.Create(Manifests.ServiceKey("web", "media"), Manifests.Service("web", "media", image: "nginx:latest"))));

        Assert.Equal(403, e.Code);
        Assert.Equal(["image/short-name", "image/latest", "image/registry"], e.Causes!.Select(c => c.Reason));
        Assert.All(e.Causes!, c => Assert.Equal("spec.image", c.Field));
        Assert.Contains("violates the image policy of its namespace", e.Message, StringComparison.Ordinal);
        Assert.Equal(WriteOutcome.Created, Store.Apply(Mutation.Create(Manifests.ServiceKey("ok", "media"), Manifests.Service("ok", "media", image: "127.0.0.1:5000/homelab/web:1"))).Outcome);
    }

    [Fact]
    public void A_namespace_no_policy_selects_keeps_its_freedom()
    {
        Namespace("lab", "lab");
        Store.Apply(Mutation.Create(PolicyKey("local"), Policy("local", AppsOnly(new JsonObject { ["requireDigest"] = true }))));

        Assert.Equal(WriteOutcome.Created, Store.Apply(Mutation.Create(Manifests.ServiceKey("web", "lab"), Manifests.Service("web", "lab", image: "nginx"))).Outcome);
    }

    [Fact]
    public void A_new_policy_warns_about_the_services_it_would_refuse_and_keeps_them()
    {
        Namespace("media", "apps");
        Namespace("data", "data");
        Store.Apply(Mutation.Create(Manifests.ServiceKey("web", "media"), Manifests.Service("web", "media", image: "nginx:1.27")));
        Store.Apply(Mutation.Create(Manifests.ServiceKey("db", "data"), Manifests.Service("db", "data", image: "postgres:16")));

        var result = Store.Apply(Mutation.Create(PolicyKey("apps"), Policy("apps", AppsOnly([]))));

        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("existing service \"web\" in namespace media violates this image policy: spec.image", warning, StringComparison.Ordinal);
        Assert.NotNull(Store.Get(Manifests.ServiceKey("web", "media")));
    }

    [Fact]
    public void A_policy_and_the_service_it_refuses_in_one_batch_are_refused_together()
    {
        Namespace("media", "apps");

        var e = Assert.Throws<StoreException>(() => Store.Commit(
        [
            Mutation.Create(PolicyKey("apps"), Policy("apps", AppsOnly([]))),
            Mutation.Create(Manifests.ServiceKey("web", "media"), Manifests.Service("web", "media", image: "nginx:1.27")),
        ]));

        Assert.Equal(403, e.Code);
        Assert.Null(Store.Get(PolicyKey("apps")));
    }
}
