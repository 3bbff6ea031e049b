using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Security;
using Homelab.Api.Serialization;

namespace Homelab.Store.Admission;

/// <summary>
/// The security levels at write time: a Service's spec against its namespace's enforce (403 with every violation),
/// warn (Warning headers) and audit (events) levels; a Namespace whose levels change, against the Services it holds
/// (warnings only: running Services are never stopped). Metadata-only updates are not checked again, so finalizers and
/// labels can always be written.
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
                WarnAboutServices(ns, existing, context);
                break;
        }
    }

    private void CheckService(Service service, IAdmissionContext context)
    {
        var levels = Levels(service.Namespace, context);
        var refused = PodSecurity.Check(service.Spec, levels.Enforce, levels);
        if (refused.Count > 0)
        {
            throw StoreException.Forbidden(new ObjectKey(ResourceKinds.Service.Kind, service.Namespace, service.Name),
                $"violates security level \"{SecurityLevels.Name(levels.Enforce)}\" of namespace {service.Namespace}: {string.Join("; ", refused)}",
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
    private void WarnAboutServices(Namespace ns, JsonObject existing, IAdmissionContext context)
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
        foreach (var stored in context.List(ResourceKinds.Service.Kind, ns.Name).OrderBy(s => s.Key.Name, StringComparer.Ordinal))
        {
            var service = stored.ToResource<Service>();
            foreach (var violation in PodSecurity.Check(service.Spec, after.Enforce, after))
            {
                context.Warn($"existing service \"{service.Name}\" violates the new enforce level \"{SecurityLevels.Name(after.Enforce)}\": {violation} (it keeps running; its next spec change will be refused)");
            }
        }
    }

    private NamespaceSecurity Levels(string ns, IAdmissionContext context) =>
        options.ExemptNamespaces.Contains(ns)
            ? NamespaceSecurity.Exempt
            : NamespaceSecurity.Of(context.Get(new ObjectKey(ResourceKinds.Namespace.Kind, "", ns))?.ToResource<Namespace>(), options.DefaultLevel);
}
