using System.Text.Json.Nodes;

namespace Homelab.Proxy;

/// <summary>
/// The running proxy's admin endpoint: what config it holds, and a whole new config to load. Loading is atomic on the
/// proxy's side: a config it refuses leaves the old one serving.
/// </summary>
public interface IProxyAdmin
{
    /// <summary>The config the proxy runs now (null when it has none).</summary>
    /// <exception cref="ProxyException">The proxy cannot be reached.</exception>
    Task<JsonObject?> GetConfigAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the whole config; <paramref name="config"/> includes the admin block <see cref="WithAdmin"/> adds.</summary>
    /// <exception cref="ProxyException">Unreachable, or refused (<see cref="ProxyException.IsRefused"/>, with the proxy's reason).</exception>
    Task LoadAsync(JsonObject config, CancellationToken cancellationToken);

    /// <summary>The compiled config with the admin block the proxy must keep: every load carries the same one.</summary>
    JsonObject WithAdmin(JsonObject config);
}
