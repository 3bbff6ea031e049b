namespace Homelab.Registry;

/// <summary>The registry refused the request: no credentials, wrong credentials, or no pull access.</summary>
public sealed class RegistryUnauthorizedException(string registry, string message, Exception? inner = null)
    : RegistryException(registry, message, inner)
{
    public override string Reason => "Unauthorized";
}
