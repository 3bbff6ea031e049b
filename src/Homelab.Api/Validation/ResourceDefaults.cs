using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

/// <summary>Fills in defaults the way the API server does, so stored objects are explicit. Only absent fields are filled;
/// applying twice changes nothing the second time.</summary>
public static class ResourceDefaults
{
    public const string HealthTimeout = "2m";
    public const int KeepImages = 2;
    public const int MaxParallel = 1;

    /// <summary>cert-manager's default lifetime: 90 days.</summary>
    public const string InternalCertificateDuration = "2160h";

    public static void Apply(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Metadata is null)
        {
            return; // validation reports it; defaults have nothing to hang on
        }
        if (ResourceKinds.All.FirstOrDefault(k => k.ClrType == resource.GetType()) is { Namespaced: true }
            && string.IsNullOrEmpty(resource.Metadata.Namespace))
        {
            resource.Metadata.Namespace = ApiGroup.DefaultNamespace;
        }
        switch (resource)
        {
            case Namespace ns:
                ApplyNamespace(ns);
                break;
            case Service { Spec: not null } service:
                ApplyService(service.Spec);
                break;
            case NetworkPolicy { Spec: not null } policy:
                ApplyNetworkPolicy(policy.Spec);
                break;
            case UpdatePolicy { Spec: not null } policy:
                ApplyUpdatePolicy(policy.Spec);
                break;
            case Route { Spec: not null } route:
                ApplyRoute(route.Spec);
                break;
            case Issuer { Spec.Internal: not null } issuer:
                issuer.Spec.Internal.Duration ??= InternalCertificateDuration;
                break;
            case Secret secret:
                secret.Type ??= SecretTypes.Opaque;
                StripLastAppliedValues(secret.Metadata);
                break;
        }
    }

    /// <summary>
    /// What admission does once the object is valid, before it is stored: a Secret's stringData becomes data. After
    /// validation, so an error names the field the user wrote.
    /// </summary>
    public static void Complete(Resource resource)
    {
        if (resource is Secret secret)
        {
            SecretData.MergeStringData(secret);
        }
    }

    /// <summary>Whatever client applied it (kubectl keeps values there), a stored Secret's last-applied annotations hold keys only.</summary>
    private static void StripLastAppliedValues(Meta.ObjectMeta metadata)
    {
        StripLastAppliedValues(metadata, ApiGroup.LastAppliedAnnotation);
        StripLastAppliedValues(metadata, ApiGroup.KubectlLastAppliedAnnotation);
    }

    private static void StripLastAppliedValues(Meta.ObjectMeta metadata, string annotation)
    {
        if (metadata.Annotations?.GetValueOrDefault(annotation) is not { } text)
        {
            return;
        }
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(text) is System.Text.Json.Nodes.JsonObject manifest)
            {
                metadata.Annotations[annotation] = SecretData.WithoutValues(manifest).ToJsonString();
                return;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Unreadable: it cannot be cleaned, so it is not kept.
        }
        metadata.Annotations.Remove(annotation);
    }

    private static void ApplyNamespace(Namespace ns)
    {
        if (string.IsNullOrEmpty(ns.Metadata.Name))
        {
            return;
        }
        ns.Metadata.Labels ??= [];
        ns.Metadata.Labels.TryAdd(ApiGroup.NamespaceNameLabel, ns.Metadata.Name);
    }

    private static void ApplyService(ServiceSpec spec)
    {
        foreach (var port in spec.Ports ?? [])
        {
            if (port is not null)
            {
                port.Protocol ??= Protocols.Tcp;
            }
        }
        spec.RestartPolicy ??= RestartPolicies.Always;
        // Kubernetes' defaulting: dual stack unless asked otherwise, and a dual-stack policy with one family named gains
        // the other after it (the named one stays primary).
        spec.IpFamilyPolicy ??= IpFamilyPolicies.PreferDualStack;
        if (spec.IpFamilies is null or [])
        {
            spec.IpFamilies = spec.IpFamilyPolicy == IpFamilyPolicies.SingleStack ? [IpFamilies.IPv4] : [IpFamilies.IPv4, IpFamilies.IPv6];
        }
        else if (spec.IpFamilyPolicy != IpFamilyPolicies.SingleStack && spec.IpFamilies is [var only] && IpFamilies.All.Contains(only))
        {
            spec.IpFamilies.Add(only == IpFamilies.IPv4 ? IpFamilies.IPv6 : IpFamilies.IPv4);
        }
    }

    private static void ApplyNetworkPolicy(NetworkPolicySpec spec)
    {
        if (spec.PolicyTypes is null)
        {
            spec.PolicyTypes = [PolicyTypes.Ingress];
            if (spec.Egress is { Count: > 0 })
            {
                spec.PolicyTypes.Add(PolicyTypes.Egress);
            }
        }
        foreach (var port in (spec.Ingress ?? []).SelectMany(r => r?.Ports ?? []).Concat((spec.Egress ?? []).SelectMany(r => r?.Ports ?? [])))
        {
            if (port is not null)
            {
                port.Protocol ??= Protocols.Tcp;
            }
        }
    }

    /// <summary>Gateway API's defaults: a rule without matches matches PathPrefix "/", a path without a type is a prefix.</summary>
    private static void ApplyRoute(RouteSpec spec)
    {
        foreach (var rule in spec.Rules ?? [])
        {
            if (rule is null)
            {
                continue;
            }
            if (rule.Matches is not { Count: > 0 })
            {
                rule.Matches = [new RouteMatch()];
            }
            foreach (var match in rule.Matches)
            {
                if (match is not null)
                {
                    match.Path ??= new PathMatch();
                    match.Path.Type ??= PathMatchTypes.PathPrefix;
                    match.Path.Value ??= "/";
                }
            }
        }
    }

    private static void ApplyUpdatePolicy(UpdatePolicySpec spec)
    {
        spec.Strategy ??= UpdateStrategies.Digest;
        spec.Mode ??= UpdateModes.Apply;
        spec.Rollback ??= true;
        spec.HealthTimeout ??= HealthTimeout;
        spec.KeepImages ??= KeepImages;
        spec.MaxParallel ??= MaxParallel;
    }
}
