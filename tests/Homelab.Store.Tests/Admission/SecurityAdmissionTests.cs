using System.Text.Json.Nodes;
using Homelab.Api.Security;
using Homelab.Store.Admission;

namespace Homelab.Store.Tests.Admission;

/// <summary>The security levels through a real store: what is refused, warned about, audited, and what never is.</summary>
public sealed class SecurityAdmissionTests : IDisposable
{
    private readonly StoreHarness _harness = StoreHarness.Create(onDisk: false, admission: new ResourceAdmission(new SecurityOptions
    {
        DefaultLevel = SecurityLevel.Baseline,
        ExemptNamespaces = ["lab"],
    }));

    private IResourceStore Store => _harness.Store;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void A_privileged_service_under_the_default_level_is_refused_with_every_field_and_rule()
    {
        var service = Manifests.Service("web");
        service["spec"]!["securityContext"] = new JsonObject { ["privileged"] = true, ["capabilities"] = new JsonObject { ["add"] = new JsonArray("NET_ADMIN") } };
        service["spec"]!["devices"] = new JsonArray(new JsonObject { ["hostPath"] = "/dev/sda" });

        var e = Assert.Throws<StoreException>(() => Store.Apply(Mutation.Create(Manifests.ServiceKey("web"), service)));

        Assert.Equal(403, e.Code);
        Assert.Equal("Forbidden", e.Reason);
        Assert.Equal(
            [("spec.securityContext.privileged", "baseline/privileged"), ("spec.securityContext.capabilities.add[0]", "baseline/capabilities"), ("spec.devices[0].hostPath", "baseline/devices")],
            e.Causes!.Select(c => (c.Field, c.Reason)));
        Assert.Contains("violates security level \"baseline\" of namespace default", e.Message, StringComparison.Ordinal);
        Assert.Null(Store.Get(Manifests.ServiceKey("web")));
    }

    [Fact]
    public void A_refused_service_refuses_its_whole_batch()
    {
        var e = Assert.Throws<StoreException>(() => Store.Commit(
        [
            Mutation.Create(Manifests.ServiceKey("ok"), Manifests.Service("ok")),
            Mutation.Create(Manifests.ServiceKey("bad"), Privileged("bad")),
        ]));

        Assert.Equal(403, e.Code);
        Assert.Null(Store.Get(Manifests.ServiceKey("ok")));
    }

    [Fact]
    public void An_allowance_annotation_lets_baseline_mount_that_host_path()
    {
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("media"), Namespace("media", annotations: new() { [SecurityLabels.AllowedHostPaths] = "/srv" })));
        var service = Manifests.Service("jellyfin", "media");
        service["spec"]!["volumes"] = new JsonArray(new JsonObject { ["hostPath"] = "/srv/media", ["mountPath"] = "/media" });

        Assert.Equal(WriteOutcome.Created, Store.Apply(Mutation.Create(Manifests.ServiceKey("jellyfin", "media"), service)).Outcome);

        service["spec"]!["volumes"]![0]!["hostPath"] = "/etc";
        var e = Assert.Throws<StoreException>(() => Store.Apply(Mutation.Replace(Manifests.ServiceKey("jellyfin", "media"), service, null)));
        Assert.Equal("spec.volumes[0].hostPath", Assert.Single(e.Causes!).Field);
    }

    [Fact]
    public void A_namespace_label_overrides_the_default_and_exempt_namespaces_allow_everything()
    {
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("iot"), Namespace("iot", labels: new() { [SecurityLabels.Enforce] = "privileged" })));
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("lab"), Namespace("lab")));

        Assert.Equal(WriteOutcome.Created, Store.Apply(Mutation.Create(Manifests.ServiceKey("zigbee", "iot"), Privileged("zigbee", "iot"))).Outcome);
        Assert.Equal(WriteOutcome.Created, Store.Apply(Mutation.Create(Manifests.ServiceKey("test", "lab"), Privileged("test", "lab"))).Outcome);
    }

    [Fact]
    public void A_namespace_and_its_services_in_one_batch_are_judged_by_the_namespace_as_written()
    {
        var results = Store.Commit(
        [
            Mutation.Create(Manifests.NamespaceKey("iot"), Namespace("iot", labels: new() { [SecurityLabels.Enforce] = "privileged" })),
            Mutation.Create(Manifests.ServiceKey("zigbee", "iot"), Privileged("zigbee", "iot")),
        ]);

        Assert.Equal(WriteOutcome.Created, results[1].Outcome);
    }

    [Fact]
    public void Warn_accepts_and_returns_a_warning_per_violation()
    {
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("data"), Namespace("data", labels: new() { [SecurityLabels.Warn] = "restricted" })));

        var result = Store.Apply(Mutation.Create(Manifests.ServiceKey("db", "data"), Manifests.Service("db", "data")));

        Assert.Equal(WriteOutcome.Created, result.Outcome);
        Assert.Equal(2, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.StartsWith("service \"db\" would violate security level \"restricted\" of namespace data: ", w, StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("spec.securityContext.runAsUser", StringComparison.Ordinal));
        Assert.Empty(Store.ListEvents("data"));
    }

    [Fact]
    public void Audit_accepts_and_records_an_event_on_the_service()
    {
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("data"), Namespace("data", labels: new() { [SecurityLabels.Audit] = "restricted" })));

        var result = Store.Apply(Mutation.Create(Manifests.ServiceKey("db", "data"), Manifests.Service("db", "data")));

        Assert.Empty(result.Warnings);
        var events = Store.ListEvents("data", Manifests.ServiceKey("db", "data"));
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(("Warning", "SecurityAudit", "admission"), (e.Type, e.Reason, e.Source)));
        Assert.Contains(events, e => e.Message.Contains("restricted/read-only-root", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dry_run_gives_the_same_verdicts_and_records_nothing()
    {
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("data"), Namespace("data", labels: new() { [SecurityLabels.Warn] = "restricted", [SecurityLabels.Audit] = "restricted" })));

        var refused = Assert.Throws<StoreException>(() => Store.Commit([Mutation.Create(Manifests.ServiceKey("bad", "data"), Privileged("bad", "data"))], dryRun: true));
        var warned = Store.Commit([Mutation.Create(Manifests.ServiceKey("db", "data"), Manifests.Service("db", "data"))], dryRun: true).Single();

        Assert.Equal(403, refused.Code);
        Assert.Equal(2, warned.Warnings.Count);
        Assert.Empty(Store.ListEvents("data"));
        Assert.Null(Store.Get(Manifests.ServiceKey("db", "data")));
    }

    [Fact]
    public void Tightening_a_namespace_warns_about_its_services_and_keeps_them()
    {
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("data"), Namespace("data")));
        Store.Apply(Mutation.Create(Manifests.ServiceKey("db", "data"), Manifests.Service("db", "data")));
        Store.Apply(Mutation.Create(Manifests.ServiceKey("cache", "data"), Manifests.Service("cache", "data")));

        var result = Store.Apply(Mutation.Patch(Manifests.NamespaceKey("data"), ns => Labelled(ns, SecurityLabels.Enforce, "restricted")));

        Assert.Equal(WriteOutcome.Updated, result.Outcome);
        Assert.Equal(4, result.Warnings.Count);
        Assert.StartsWith("existing service \"cache\" violates the new enforce level \"restricted\": ", result.Warnings[0], StringComparison.Ordinal);
        Assert.NotNull(Store.Get(Manifests.ServiceKey("db", "data")));
    }

    [Fact]
    public void Metadata_only_updates_of_a_service_that_now_violates_are_not_checked_again()
    {
        Store.Apply(Mutation.Create(Manifests.NamespaceKey("data"), Namespace("data")));
        Store.Apply(Mutation.Create(Manifests.ServiceKey("db", "data"), Manifests.Service("db", "data")));
        Store.Apply(Mutation.Patch(Manifests.NamespaceKey("data"), ns => Labelled(ns, SecurityLabels.Enforce, "restricted")));

        var labelled = Store.Apply(Mutation.Patch(Manifests.ServiceKey("db", "data"), s => Labelled(s, "tier", "db")));
        var e = Assert.Throws<StoreException>(() => Store.Apply(Mutation.Patch(Manifests.ServiceKey("db", "data"), s =>
        {
            s["spec"]!["image"] = "registry.local/web:2.0";
            return s;
        })));

        Assert.Equal(WriteOutcome.Updated, labelled.Outcome);
        Assert.Equal(403, e.Code);
    }

    private static JsonObject Privileged(string name, string ns = "default")
    {
        var service = Manifests.Service(name, ns);
        service["spec"]!["securityContext"] = new JsonObject { ["privileged"] = true };
        return service;
    }

    private static JsonObject Namespace(string name, Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null)
    {
        var ns = Manifests.Namespace(name);
        if (labels is not null)
        {
            ns["metadata"]!["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }
        if (annotations is not null)
        {
            ns["metadata"]!["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        }
        return ns;
    }

    private static JsonObject Labelled(JsonObject obj, string label, string value)
    {
        var metadata = obj["metadata"]!.AsObject();
        if (metadata["labels"] is not JsonObject labels)
        {
            metadata["labels"] = labels = [];
        }
        labels[label] = value;
        return obj;
    }
}
