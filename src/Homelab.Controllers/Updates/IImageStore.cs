namespace Homelab.Controllers.Updates;

/// <summary>The local image store (Podman's), as far as pruning old images needs it.</summary>
public interface IImageStore
{
    /// <summary>Local images with a name or digest in <paramref name="repository"/> (<c>registry/path</c>, e.g. docker.io/library/nginx).</summary>
    Task<IReadOnlyList<LocalImage>> ListAsync(string repository, CancellationToken cancellationToken);

    /// <summary>Removes one name or digest reference; the image goes when its last reference does. Refuses images a container uses.</summary>
    Task RemoveAsync(string reference, CancellationToken cancellationToken);
}

/// <summary>A local image: its id, names (repo:tag), digests (repo@sha256:…), creation time and whether any container uses it.</summary>
public sealed record LocalImage(string Id, IReadOnlyList<string> Names, IReadOnlyList<string> Digests, DateTimeOffset Created, bool InUse);
