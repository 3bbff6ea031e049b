using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Security;
using Homelab.Api.Serialization;

namespace Homelab.Store.Admission;

/// <summary>
/// The security levels and image policies at write time: a Service's spec against its namespace's enforce level and the
/// ImagePolicies that select the namespace (403 with every violation), its warn level (Warning headers) and its audit
/// level (events); a Namespace or ImagePolicy that changes, against the Services it governs (warnings only: running
/// Services are never stopped). Metadata-only updates are not checked again, so finalizers and labels can always be written.
/// </summary>
internal sealed class SecurityAdmission(SecurityOptions options)
{
    public const string AuditReason = "SecurityAudit";

    public void Check(Resource admitted, JsonObject? existing, IAdmissionContext context)
    {
        switch (admitted)
        {
            case Service service when existing is null || !JsonNode.DeepEquals(HomelabJson.ToNode(service)["spec"], existing["spec"]):
                CheckService(service, context);
                break;
            case Namespace ns when existing is not null:
                WarnAboutNamespace(ns, existing, context);
                break;
            case ImagePolicy policy when existing is null || !JsonNode.DeepEquals(HomelabJson.ToNode(policy)["spec"], existing["spec"]):
                WarnAboutImages(policy, context);
                break;
        }
    }

    private void CheckService(Service service, IAdmissionContext context)
    {
        var ns = NamespaceOf(service.Namespace, context);
        var levels = Levels(ns, service.Namespace);
        var pod = PodSecurity.Check(service.Spec, levels.Enforce, levels);
        var images = ImageRules.Check(service.Spec.Image, ImageRules.Selecting(ImagePolicies(context), ns));
        if (pod.Count + images.Count > 0)
        {
            var why = string.Join(" and ", new[]
            {
                pod.Count > 0 ? $"violates security level \"{SecurityLevels.Name(levels.Enforce)}\" of namespace {service.Namespace}" : null,
                images.Count > 0 ? "violates the image policy of its namespace" : null,
            }.OfType<string>());
            var refused = pod.Concat(images).ToList();
            throw StoreException.Forbidden(new ObjectKey(ResourceKinds.Service.Kind, service.Namespace, service.Name),
                $"{why}: {string.Join("; ", refused)}",
                [.. refused.Select(v => new StatusCause { Field = v.Field, Message = $"{v.Message} ({v.Rule})", Reason = v.Rule })]);
        }
        foreach (var violation in PodSecurity.Check(service.Spec, levels.Warn, levels))
        {
            context.Warn($"service \"{service.Name}\" would violate security level \"{SecurityLevels.Name(levels.Warn)}\" of namespace {service.Namespace}: {violation}");
        }
        foreach (var violation in PodSecurity.Check(service.Spec, levels.Audit, levels))
        {
            context.Audit(AuditReason, $"violates security level \"{SecurityLevels.Name(levels.Audit)}\": {violation}");
        }
    }

    /// <summary>A relabelled namespace: which of its Services its new enforce level would refuse. Nothing is stopped.</summary>
    private void WarnAboutNamespace(Namespace ns, JsonObject existing, IAdmissionContext context)
    {
        if (options.ExemptNamespaces.Contains(ns.Name))
        {
            return;
        }
        var before = NamespaceSecurity.Of(HomelabJson.ToResource<Namespace>(existing), options.DefaultLevel);
        var after = NamespaceSecurity.Of(ns, options.DefaultLevel);
        if (before.Enforce == after.Enforce && before.AllowedHostPaths.SequenceEqual(after.AllowedHostPaths) && before.AllowedDevices.SequenceEqual(after.AllowedDevices))
        {
            return;
        }
        foreach (var service in Services(context, ns.Name))
        {
            foreach (var violation in PodSecurity.Check(service.Spec, after.Enforce, after))
            {
                context.Warn($"existing service \"{service.Name}\" violates the new enforce level \"{SecurityLevels.Name(after.Enforce)}\": {violation} (it keeps running; its next spec change will be refused)");
            }
        }
    }

    /// <summary>A new or changed ImagePolicy: which Services of the namespaces it selects it would refuse. Nothing is stopped.</summary>
    private static void WarnAboutImages(ImagePolicy policy, IAdmissionContext context)
    {
        var namespaces = context.List(ResourceKinds.Namespace.Kind, "").Select(o => o.ToResource<Namespace>());
        foreach (var ns in namespaces.Where(n => ImageRules.Selecting([policy], n).Count > 0).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            foreach (var service in Services(context, ns.Name))
            {
                foreach (var violation in ImageRules.Check(service.Spec.Image, [policy]))
                {
                    context.Warn($"existing service \"{service.Name}\" in namespace {ns.Name} violates this image policy: {violation} (it keeps running; its next spec change will be refused)");
                }
            }
        }
    }

    private static IEnumerable<Service> Services(IAdmissionContext context, string ns) =>
        context.List(ResourceKinds.Service.Kind, ns).Select(o => o.ToResource<Service>()).OrderBy(s => s.Name, StringComparer.Ordinal);

    private static IReadOnlyList<ImagePolicy> ImagePolicies(IAdmissionContext context) =>
        [.. context.List(ResourceKinds.ImagePolicy.Kind, "").Select(o => o.ToResource<ImagePolicy>())];

    private static Namespace? NamespaceOf(string ns, IAdmissionContext context) =>
        context.Get(new ObjectKey(ResourceKinds.Namespace.Kind, "", ns))?.ToResource<Namespace>();

    private NamespaceSecurity Levels(Namespace? ns, string name) =>
        options.ExemptNamespaces.Contains(name) ? NamespaceSecurity.Exempt : NamespaceSecurity.Of(ns, options.DefaultLevel);
}
