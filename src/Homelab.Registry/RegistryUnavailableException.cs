namespace Homelab.Registry;

/// <summary>The registry could not be reached, timed out, or answered with a server error.</summary>
public sealed class RegistryUnavailableException(string registry, string message, Exception? inner = null)
    : RegistryException(registry, message, inner)
{
    public override string Reason => "RegistryUnavailable";
}
