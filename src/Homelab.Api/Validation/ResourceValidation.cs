using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Api.Validation;

/// <summary>The single source of truth for what is valid: the daemon runs it on every write, hlctl may run it early.</summary>
public static class ResourceValidation
{
    /// <summary>Every problem with the object, each naming its JSON field path (spec.ports[1].containerPort).</summary>
    public static IReadOnlyList<StatusCause> Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return [];
    }
}
