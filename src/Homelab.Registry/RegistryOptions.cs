namespace Homelab.Registry;

/// <summary>Where credentials and registry settings come from, and how long a registry may take.</summary>
public sealed class RegistryOptions
{
    /// <summary>Podman/Docker auth files, first match wins. Null: Podman's search order (see <see cref="Auth.AuthFileLocations"/>).</summary>
    public IList<string>? AuthFiles { get; set; }

    /// <summary>registries.conf files, later files override earlier ones. Null: /etc/containers/registries.conf and registries.conf.d/*.conf.</summary>
    public IList<string>? RegistriesConfFiles { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on followed tag-list pages, so a misbehaving registry cannot keep a check busy forever.</summary>
    public int MaxTagPages { get; set; } = 100;

    /// <summary>The n= page size asked for on tag lists; registries may return fewer.</summary>
    public int TagPageSize { get; set; } = 1000;
}
