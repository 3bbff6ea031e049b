using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

/// <summary>Fills in defaults the way the API server does, so stored objects are explicit.</summary>
public static class ResourceDefaults
{
    public static void Apply(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
    }
}
