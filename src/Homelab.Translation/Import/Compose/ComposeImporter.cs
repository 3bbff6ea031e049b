using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Security;
using Homelab.Api.Serialization;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import.Compose;

/// <summary>What an import wrote and what the adoption check compares.</summary>
internal sealed record ComposeImport(string Namespace, IReadOnlyList<ExportFile> Files, IReadOnlyList<ImportedService> Services);

/// <summary>
/// A loaded <see cref="ComposeProject"/> → Homelab objects: a Namespace for the project, a Secret per file-based
/// secret, a Service per enabled service and the NetworkPolicies that keep Compose's reachability. Warnings say what
/// did not carry over, including what the namespace's security level (homelabd's default, baseline) would refuse.
/// Every object is validated as homelabd would, and any error fails the whole import.
/// </summary>
internal static class ComposeImporter
{
    /// <param name="fieldName">The name a warning gives a Compose field, for a project read from another format (quadlets).</param>
    public static ComposeImport Import(ComposeProject project, string? namespaceOption, List<ConversionWarning> warnings, Func<string, string>? fieldName = null)
    {
        var ns = namespaceOption ?? ComposeValues.Name(project.Name);
        var storage = new ComposeStorage(project, ns, warnings);
        var importer = new ComposeServiceImporter(project, ns, storage);
        var services = new List<ImportedService>();
        foreach (var service in project.Services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (importer.Import(new ServiceFields(service, warnings, fieldName)) is { } imported)
            {
                services.Add(imported);
            }
        }
        var duplicate = services.GroupBy(s => s.Service.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ImportException($"two services become the Service {duplicate.Key}: rename one");
        }
        var secrets = storage.Secrets();
        storage.ReportVolumes();
        ReportNetworks(project, services, warnings);
        ReportCapabilities(project, services, warnings, fieldName?.Invoke("cap_add") ?? "cap_add");
        var namespaceObject = new Namespace();
        namespaceObject.Metadata.Name = ns;
        namespaceObject.Metadata.Labels = new(StringComparer.Ordinal) { [ComposeLabels.Project] = project.Name };
        ReportSecurity(namespaceObject, services, warnings);

        var objects = new List<(string File, Resource Resource)> { ($"namespace-{ns}.yaml", namespaceObject) };
        objects.AddRange(secrets.Select(s => ($"{ns}/secret-{s.Name}.yaml", (Resource)s)));
        objects.AddRange(services.Select(s => ($"{ns}/service-{s.Service.Name}.yaml", (Resource)s.Service)));
        objects.AddRange(ComposeNetworkPolicies.For(ns, services).Select(p => ($"{ns}/networkpolicy-{p.Name}.yaml", (Resource)p)));
        var nodes = objects.Select(o => (o.File, Node: HomelabJson.ToNode(o.Resource))).ToList();
        var validated = ImportValidation.Validate(nodes.Select(n => ($"{project.Source}: {n.Node["kind"]} {n.Node["metadata"]?["name"]}", n.Node)));
        var files = nodes.Zip(validated).Select(p => new ExportFile(p.First.File, [HomelabJson.ToNode(p.Second)])).ToList();
        return new ComposeImport(ns, files, services);
    }

    private static void ReportNetworks(ComposeProject project, List<ImportedService> services, List<ConversionWarning> warnings)
    {
        foreach (var (name, definition) in project.Networks)
        {
            foreach (var (key, value) in definition as JsonObject ?? [])
            {
                if (key is "name" or "labels" || (key == "driver" && ComposeValues.Text(value) == "bridge"))
                {
                    continue;
                }
                warnings.Add(new(project.Source, $"network {name}", key, key switch
                {
                    "internal" => "Homelab Services may always reach outside; limit egress with a NetworkPolicy of type Egress",
                    "external" => "Homelab makes a network per Service; the reachability of this network's members is its NetworkPolicy",
                    "driver" => "Homelab networks are bridges; a LAN attachment (macvlan, ipvlan) is a Service's extraNetworks",
                    _ => "Homelab assigns networks and addresses itself; not imported",
                }));
            }
        }
        foreach (var network in services.SelectMany(s => s.Networks).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var members = services.Where(s => s.Networks.Contains(network)).Select(s => s.Service.Name).ToList();
            if (members.Count > 1)
            {
                warnings.Add(new(project.Source, $"network {network}", "name resolution",
                    $"{string.Join(", ", members)} resolved each other by name on this network; Homelab Services have no DNS names for each other: " +
                    "point them at each other's IP (hlctl get svc -o wide) or at host.containers.internal and a published port"));
            }
        }
    }

    private static void ReportCapabilities(ComposeProject project, List<ImportedService> services, List<ConversionWarning> warnings, string capAdd)
    {
        var withDefaults = project.Services.Where(s => s.Definition["cap_drop"] is not JsonArray drop || !drop.Any(c => string.Equals(c?.ToString(), "ALL", StringComparison.OrdinalIgnoreCase)))
            .Select(s => ComposeValues.Name(s.Name)).Intersect(services.Select(s => s.Service.Name)).Order(StringComparer.Ordinal).ToList();
        if (withDefaults.Count > 0)
        {
            warnings.Add(new(project.Source, "project", "capabilities",
                $"{string.Join(", ", withDefaults)} ran with the engine's default capabilities; Homelab starts containers with none and adds only {capAdd}: " +
                $"an image that changes user or owner at start (most databases) needs {capAdd}: CHOWN, SETUID, SETGID, DAC_OVERRIDE, FOWNER"));
        }
    }

    /// <summary>What homelabd would refuse at apply under its default level: the apply fails, and these warnings say why.</summary>
    private static void ReportSecurity(Namespace ns, List<ImportedService> services, List<ConversionWarning> warnings)
    {
        var level = NamespaceSecurity.Of(ns, SecurityLevel.Baseline);
        foreach (var imported in services)
        {
            foreach (var violation in PodSecurity.Check(imported.Service.Spec, level.Enforce, level))
            {
                warnings.Add(new(imported.Source, $"service {imported.Service.Name}", violation.Field,
                    $"homelabd's default security level refuses this ({violation.Message}; {violation.Rule}), so hlctl apply fails until the namespace " +
                    $"allows it: label it homelab.dev/enforce: privileged, or annotate it with {SecurityLabels.AllowedHostPaths} or {SecurityLabels.AllowedDevices}"));
            }
        }
    }
}
