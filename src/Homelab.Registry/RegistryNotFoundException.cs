namespace Homelab.Registry;

/// <summary>The repository or tag does not exist in the registry.</summary>
public sealed class RegistryNotFoundException(string registry, string message, Exception? inner = null)
    : RegistryException(registry, message, inner)
{
    public override string Reason => "NotFound";
}
