namespace Homelab.Proxy.Caddy;

/// <summary>The Host every admin request carries, and the one origin the admin block allows (Caddy checks it even on a Unix socket).</summary>
public static class CaddyAdminOrigin
{
    public const string Value = "caddy-admin";
}
