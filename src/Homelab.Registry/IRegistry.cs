using Homelab.Api.Values;

namespace Homelab.Registry;

/// <summary>
/// Read-only questions to an OCI distribution registry. Failures throw a <see cref="RegistryException"/> subtype
/// (<see cref="RegistryUnavailableException"/>, <see cref="RegistryUnauthorizedException"/>, <see cref="RegistryNotFoundException"/>);
/// callers treat them as "ask again later", never as fatal.
/// </summary>
public interface IRegistry
{
    /// <summary>The digest the registry serves for <paramref name="image"/>'s tag (an index digest for multi-arch images).</summary>
    Task<string> GetDigestAsync(ImageReference image, CancellationToken cancellationToken);

    /// <summary>Every tag of <paramref name="image"/>'s repository, following the registry's pagination.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(ImageReference image, CancellationToken cancellationToken);
}
