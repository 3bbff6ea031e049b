using System.Globalization;
using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Cli.Adopt;

/// <summary>What a running container has in common with the Service an import made, and what would change.</summary>
internal sealed record AdoptionCheck(IReadOnlyList<string> Same, IReadOnlyList<string> Changes)
{
    /// <summary>
    /// Compares field by field what the Service sets, and what the container has that the Service would not keep.
    /// A value the container only inherits from its image is the image's, so it is not a change. Environment values
    /// are never printed (they are often passwords): a change names the variable only.
    /// </summary>
    public static AdoptionCheck Compare(ServiceSpec spec, RunningContainer container)
    {
        var same = new List<string>();
        var changes = new List<string>();
        void Check(string field, IEnumerable<string> found)
        {
            var list = found.ToList();
            if (list.Count == 0)
            {
                same.Add(field);
            }
            changes.AddRange(list.Select(c => $"{field}: {c}"));
        }
        Check("image", SameImage(spec.Image, container.Image) ? [] : [$"{container.Image} → {spec.Image}"]);
        Check("command", Words(spec.Command, container.Entrypoint, container.Defaults.Entrypoint)
            .Concat(Words(spec.Args, container.Cmd, container.Defaults.Cmd)));
        Check("environment", Environment(spec, container));
        Check("workingDir", (spec.WorkingDir ?? container.Defaults.WorkingDir) is var dir && Dir(dir) == Dir(container.WorkingDir)
            ? [] : [$"{container.WorkingDir} → {dir}"]);
        Check("ports", Ports(spec, container));
        Check("volumes", Mounts(spec, container));
        Check("user", User(spec) == container.User ? [] : [$"\"{container.User}\" → \"{User(spec)}\""]);
        Check("readOnlyRootFilesystem", (spec.SecurityContext?.ReadOnlyRootFilesystem ?? false) == container.ReadOnlyRootFilesystem
            ? [] : [$"{Lower(container.ReadOnlyRootFilesystem)} → {Lower(!container.ReadOnlyRootFilesystem)}"]);
        Check("privileged", (spec.SecurityContext?.Privileged ?? false) == container.Privileged
            ? [] : [$"{Lower(container.Privileged)} → {Lower(!container.Privileged)}"]);
        Check("capabilities.add", Capabilities(spec, container));
        return new AdoptionCheck(same, changes);
    }

    /// <summary>docker.io/library/nginx:latest and nginx are one image.</summary>
    private static bool SameImage(string a, string b) => ImageReference.TryParse(a, out var x) && ImageReference.TryParse(b, out var y)
        ? x.Name == y.Name && x.EffectiveTag == y.EffectiveTag && x.Digest == y.Digest
        : a == b;

    private static IEnumerable<string> Words(List<string>? wanted, IReadOnlyList<string> has, IReadOnlyList<string> image)
    {
        var effective = wanted ?? image;
        return effective.SequenceEqual(has) ? [] : [$"{Quote(has)} → {Quote(effective)}"];
    }

    private static IEnumerable<string> Environment(ServiceSpec spec, RunningContainer container)
    {
        var wanted = (spec.Env ?? []).Where(e => e.ValueFrom is null).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        foreach (var (name, value) in wanted.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!container.Env.TryGetValue(name, out var has))
            {
                yield return $"{name} is set (the container does not have it)";
            }
            else if (has != value)
            {
                yield return $"{name} has another value";
            }
        }
        foreach (var (name, value) in container.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // Podman sets container= and HOSTNAME itself, under Homelab too.
            if (!wanted.ContainsKey(name) && name is not ("container" or "HOSTNAME" or "HOME" or "TERM")
                && !(container.Defaults.Env.TryGetValue(name, out var inherited) && inherited == value))
            {
                yield return $"{name} is dropped (the container has it; the Service does not set it)";
            }
        }
    }

    private static IEnumerable<string> Ports(ServiceSpec spec, RunningContainer container)
    {
        var wanted = (spec.Ports ?? []).Where(p => p.HostPort is not null)
            .Select(p => new PublishedPort(p.HostIP, p.HostPort!.Value, p.ContainerPort, (p.Protocol ?? Protocols.Tcp).ToLowerInvariant()).ToString())
            .ToHashSet(StringComparer.Ordinal);
        var has = container.Ports.Select(p => (p with { HostIP = p.HostIP is "0.0.0.0" ? null : p.HostIP }).ToString()).ToHashSet(StringComparer.Ordinal);
        return has.Except(wanted).Order(StringComparer.Ordinal).Select(p => $"{p} is no longer published")
            .Concat(wanted.Except(has).Order(StringComparer.Ordinal).Select(p => $"{p} is published (the container does not publish it)"));
    }

    /// <summary>Bind mounts must match; a named volume is always a new one under Homelab (its data is copied, as the import warned).</summary>
    private static IEnumerable<string> Mounts(ServiceSpec spec, RunningContainer container)
    {
        var wanted = (spec.Volumes ?? []).ToDictionary(v => v.MountPath, StringComparer.Ordinal);
        var files = (spec.ConfigFiles ?? []).Select(f => f.MountPath).ToHashSet(StringComparer.Ordinal);
        foreach (var mount in container.Mounts.OrderBy(m => m.Destination, StringComparer.Ordinal))
        {
            if (files.Contains(mount.Destination))
            {
                continue;
            }
            if (!wanted.Remove(mount.Destination, out var volume))
            {
                yield return $"{mount.Destination} is no longer mounted";
            }
            else if (volume.HostPath is not null && (mount.Type != "bind" || mount.Source != volume.HostPath))
            {
                yield return $"{mount.Destination}: {mount.Source ?? mount.Name} → {volume.HostPath}";
            }
            else if (volume.Name is not null)
            {
                yield return $"{mount.Destination}: the volume {mount.Name ?? mount.Source} → a volume of the Service's own ({volume.Name}), with the data copied";
            }
            else if ((volume.ReadOnly ?? false) != mount.ReadOnly)
            {
                yield return $"{mount.Destination}: read-only {Lower(mount.ReadOnly)} → {Lower(!mount.ReadOnly)}";
            }
        }
        foreach (var path in wanted.Keys.Order(StringComparer.Ordinal))
        {
            yield return $"{path} is mounted (the container has nothing there)";
        }
        foreach (var path in files.Where(f => !container.Mounts.Any(m => m.Destination == f)).Order(StringComparer.Ordinal))
        {
            yield return $"{path} is written from a config or secret (the container has nothing there)";
        }
    }

    private static IEnumerable<string> Capabilities(ServiceSpec spec, RunningContainer container)
    {
        var wanted = (spec.SecurityContext?.Capabilities?.Add ?? []).Select(LinuxCapabilities.Normalize).ToHashSet(StringComparer.Ordinal);
        var has = container.CapAdd.Select(LinuxCapabilities.Normalize).ToHashSet(StringComparer.Ordinal);
        return has.Except(wanted).Order(StringComparer.Ordinal).Select(c => $"{c} is no longer added")
            .Concat(wanted.Except(has).Order(StringComparer.Ordinal).Select(c => $"{c} is added"));
    }

    private static string User(ServiceSpec spec) => spec.SecurityContext switch
    {
        { RunAsUser: { } uid, RunAsGroup: { } gid } => $"{uid.ToString(CultureInfo.InvariantCulture)}:{gid.ToString(CultureInfo.InvariantCulture)}",
        { RunAsUser: { } uid } => uid.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    private static string Dir(string dir) => dir.Length == 0 ? "/" : dir;

    private static string Lower(bool value) => value ? "true" : "false";

    private static string Quote(IEnumerable<string> words) => "[" + string.Join(", ", words.Select(w => "\"" + w + "\"")) + "]";
}
