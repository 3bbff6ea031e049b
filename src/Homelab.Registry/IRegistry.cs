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

    /// <summary>
    /// The image id (the digest of its config blob, which podman shows as the image's Id) of the manifest
    /// <paramref name="image"/>'s digest or tag names; for a multi-arch index, of its entry for this host's platform.
    /// The one identity an image keeps whatever manifest digests name it.
    /// </summary>
    Task<string> GetImageIdAsync(ImageReference image, CancellationToken cancellationToken);

    /// <summary>Every tag of <paramref name="image"/>'s repository, following the registry's pagination.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(ImageReference image, CancellationToken cancellationToken);
}
