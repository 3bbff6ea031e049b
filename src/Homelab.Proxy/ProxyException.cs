namespace Homelab.Proxy;

/// <summary>The proxy could not be reached, or refused a config (<see cref="IsRefused"/>); the message is the proxy's.</summary>
public sealed class ProxyException(string message, bool isRefused = false, Exception? inner = null) : Exception(message, inner)
{
    public bool IsRefused { get; } = isRefused;
}
