namespace Homelab.Api.Resources;

/// <summary>Which Secrets of its namespace a Service uses: mounted, or as the content of a config file.</summary>
public static class SecretReferences
{
    public static IReadOnlySet<string> Of(ServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mount in spec.Secrets ?? [])
        {
            if (mount is { Name.Length: > 0 })
            {
                names.Add(mount.Name);
            }
        }
        foreach (var file in spec.ConfigFiles ?? [])
        {
            if (file?.FromSecret is { Name.Length: > 0 } selector)
            {
                names.Add(selector.Name);
            }
        }
        return names;
    }
}
