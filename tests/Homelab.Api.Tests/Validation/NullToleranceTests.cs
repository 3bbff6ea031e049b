using Homelab.Api.Resources;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

/// <summary>YAML writes null for an empty list item or value ("- " or "key:"); validation must report it, never throw.</summary>
public sealed class NullToleranceTests
{
    [Fact]
    public void Null_items_in_service_lists_are_reported_at_their_index()
    {
        var service = Valid.Read<Service>("""
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: web, labels: {app: null}}
            spec:
              image: caddy
              command: [null]
              env: [null]
              ports: [null]
              volumes: [null]
              configFiles: [null]
              devices: [null]
              extraNetworks: [null]
              healthCheck: {command: [null]}
              securityContext: {capabilities: {add: [null]}}
            """);
        var fields = ResourceValidation.Validate(service).Select(c => c.Field).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "spec.command[0]", "spec.env[0]", "spec.ports[0]", "spec.volumes[0]", "spec.configFiles[0]", "spec.devices[0]",
            "spec.extraNetworks[0]", "spec.healthCheck.command[0]", "metadata.labels[app]", "spec.securityContext.capabilities.add[0]",
        }, fields);
    }

    [Fact]
    public void Null_items_and_selectors_in_policies_are_reported()
    {
        var policy = Valid.Read<NetworkPolicy>("""
            apiVersion: homelab.dev/v1alpha1
            kind: NetworkPolicy
            metadata: {name: p}
            spec:
              serviceSelector: null
              policyTypes: [null]
              ingress: [null, {from: [null], ports: [null]}]
              egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [null]}}]}]
            """);
        // serviceSelector is optional in the type (absent must reach the validator, which refuses it); the null items
        // are structural and reported first, alone.
        var fields = ResourceValidation.Validate(policy).Select(c => c.Field).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "spec.policyTypes[0]", "spec.ingress[0]", "spec.ingress[1].from[0]", "spec.ingress[1].ports[0]",
            "spec.egress[0].to[0].ipBlock.except[0]",
        }, fields);
    }

    [Fact]
    public void Null_items_in_update_policies_are_reported()
    {
        var policy = Valid.Read<UpdatePolicy>("""
            apiVersion: homelab.dev/v1alpha1
            kind: UpdatePolicy
            metadata: {name: p}
            spec:
              serviceSelector: {matchExpressions: [null]}
              interval: 1h
              window: {days: [null], start: "03:00", end: "04:00"}
            """);
        var fields = ResourceValidation.Validate(policy).Select(c => c.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "spec.serviceSelector.matchExpressions[0]", "spec.window.days[0]" }, fields);
    }

    [Fact]
    public void A_null_metadata_is_reported_not_thrown()
    {
        var ns = Valid.Read<Namespace>("""
            apiVersion: homelab.dev/v1alpha1
            kind: Namespace
            metadata: null
            """);
        Assert.Contains(ResourceValidation.Validate(ns), c => c.Field == "metadata");
    }

    [Fact]
    public void Defaults_and_validation_survive_a_null_spec()
    {
        var service = Valid.Read<Service>("""
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: web}
            spec: null
            """);
        ResourceDefaults.Apply(service);
        Assert.Contains(ResourceValidation.Validate(service), c => c.Field == "spec");
    }
}
