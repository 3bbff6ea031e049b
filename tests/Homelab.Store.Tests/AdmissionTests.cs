using System.Text.Json.Nodes;
using Homelab.Store.Admission;

namespace Homelab.Store.Tests;

public sealed class AdmissionTests
{
    private readonly ResourceAdmission _admission = new();

    [Fact]
    public void An_unknown_field_is_invalid_and_named()
    {
        var service = Manifests.Service("web");
        service["spec"]!["imagePullPolicy"] = "Always";

        var e = Assert.Throws<StoreException>(() => _admission.Admit(service, null, new AdmissionContextStub()));

        Assert.Equal(422, e.Code);
        var cause = Assert.Single(e.Causes!);
        Assert.Equal("spec.imagePullPolicy", cause.Field);
        Assert.Contains("spec.imagePullPolicy", e.Message);
    }

    [Fact]
    public void An_unknown_kind_is_invalid()
    {
        var obj = Manifests.Service("web");
        obj["kind"] = "Deployment";

        var e = Assert.Throws<StoreException>(() => _admission.Admit(obj, null, new AdmissionContextStub()));

        Assert.Equal("kind", Assert.Single(e.Causes!).Field);
    }

    [Fact]
    public void A_namespaced_kind_without_namespace_lands_in_default()
    {
        var service = Manifests.Service("web");
        service["metadata"]!.AsObject().Remove("namespace");

        var admitted = _admission.Admit(service, null, new AdmissionContextStub());

        Assert.Equal("default", admitted["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void A_namespace_inside_a_namespace_is_invalid()
    {
        var ns = Manifests.Namespace("media");
        ns["metadata"]!["namespace"] = "default";

        var e = Assert.Throws<StoreException>(() => _admission.Admit(ns, null, new AdmissionContextStub()));

        Assert.Equal("metadata.namespace", Assert.Single(e.Causes!).Field);
    }

    [Fact]
    public void Admitted_objects_are_canonical()
    {
        var shuffled = new JsonObject
        {
            ["spec"] = new JsonObject { ["image"] = "registry.local/web:1.0" },
            ["metadata"] = new JsonObject { ["namespace"] = "default", ["name"] = "web" },
            ["kind"] = "Service",
            ["apiVersion"] = "homelab.dev/v1alpha1",
        };

        var admitted = _admission.Admit(shuffled, null, new AdmissionContextStub());

        Assert.Equal(_admission.Admit(Manifests.Service("web"), null, new AdmissionContextStub()).ToJsonString(), admitted.ToJsonString());
        Assert.StartsWith("{\"apiVersion\":", admitted.ToJsonString());
    }

    [Fact]
    public void Validation_causes_are_returned_with_their_fields()
    {
        var service = Manifests.Service("web");
        service["spec"]!["image"] = "";

        var e = Assert.Throws<StoreException>(() => _admission.Admit(service, null, new AdmissionContextStub()));

        Assert.Equal(422, e.Code);
        Assert.Contains(e.Causes!, c => c.Field == "spec.image");
    }

    [Fact]
    public void Defaults_are_written_into_the_admitted_object()
    {
        var admitted = _admission.Admit(Manifests.Service("web"), null, new AdmissionContextStub());

        Assert.Equal("Always", admitted["spec"]!["restartPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void A_status_of_the_wrong_shape_is_invalid()
    {
        var e = Assert.Throws<StoreException>(() => _admission.AdmitStatus("Service", new JsonObject { ["restartCount"] = "many" }));

        Assert.Equal(422, e.Code);
        Assert.Equal("status.restartCount", Assert.Single(e.Causes!).Field);
    }

    [Fact]
    public void A_valid_status_is_returned_canonical()
    {
        var status = _admission.AdmitStatus("Service", new JsonObject { ["ip"] = "10.88.0.5", ["restartCount"] = 2 });

        Assert.Equal("10.88.0.5", status["ip"]!.GetValue<string>());
        Assert.Equal(2, status["restartCount"]!.GetValue<int>());
    }
}
