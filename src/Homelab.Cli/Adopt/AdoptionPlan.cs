using Homelab.Translation.Import.Compose;

namespace Homelab.Cli.Adopt;

/// <summary>
/// `--adopt`: for each imported Service, the container that runs it today (by the names Compose or the quadlet gave
/// it) compared with the Service, and how to hand it over. Homelab cannot take a running container over in place:
/// its containers carry labels Podman cannot add to a running one, run on a network of their own with no capabilities
/// but cap_add and no-new-privileges, all of which are fixed when a container is created. So the plan says which
/// settings stay as they were, which change, and the order that keeps the service's downtime to the replacement.
/// </summary>
internal static class AdoptionPlan
{
    public static async Task WriteAsync(TextWriter output, IContainerInspector inspector, IReadOnlyList<ImportedService> services, string ns, string outputDir, CancellationToken ct)
    {
        var adopted = new List<string>();
        foreach (var imported in services)
        {
            var name = imported.Service.Name;
            RunningContainer? container = null;
            foreach (var candidate in imported.ContainerNames)
            {
                container = await inspector.InspectAsync(candidate, ct).ConfigureAwait(false);
                if (container is not null)
                {
                    break;
                }
            }
            if (container is null)
            {
                await output.WriteLineAsync($"service {name}: no container {string.Join(" or ", imported.ContainerNames)}: nothing to adopt").ConfigureAwait(false);
                continue;
            }
            adopted.Add(container.Name);
            var check = AdoptionCheck.Compare(imported.Service.Spec, container);
            await output.WriteLineAsync($"service {name}: container {container.Name} ({container.State}) becomes hl-{ns}-{name}").ConfigureAwait(false);
            if (check.Same.Count > 0)
            {
                await output.WriteLineAsync($"  unchanged: {string.Join(", ", check.Same)}").ConfigureAwait(false);
            }
            foreach (var change in check.Changes)
            {
                await output.WriteLineAsync($"  changes: {change}").ConfigureAwait(false);
            }
            await output.WriteLineAsync("  always changes: its name, its network (one of its own; NetworkPolicies decide who reaches it), " +
                "its capabilities (only capabilities.add) and no-new-privileges: Homelab replaces the container, it cannot relabel a running one").ConfigureAwait(false);
        }
        if (adopted.Count > 0)
        {
            var names = string.Join(' ', adopted);
            await output.WriteLineAsync($"to hand over: copy the volumes' data as the warnings say, then podman stop {names} (it frees their host ports); " +
                $"hlctl apply -f {outputDir} -R --wait; when the Services are Ready, podman rm {names} " +
                "(podman start them again to go back)").ConfigureAwait(false);
        }
    }
}
