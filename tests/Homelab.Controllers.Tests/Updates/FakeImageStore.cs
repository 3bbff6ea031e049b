using Homelab.Controllers.Updates;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>Local images in memory; removing an image a container uses fails as podman's rmi does.</summary>
internal sealed class FakeImageStore : IImageStore
{
    public List<LocalImage> Images { get; } = [];
    public List<string> Removed { get; } = [];

    public Task<IReadOnlyList<LocalImage>> ListAsync(string repository, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LocalImage>>([.. Images.Where(i => i.Names.Concat(i.Digests).Any(n => n.StartsWith(repository, StringComparison.Ordinal)))]);

    public Task RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        var image = Images.FirstOrDefault(i => i.Names.Contains(reference) || i.Digests.Contains(reference))
            ?? throw new ImageStoreException($"image {reference} not known");
        if (image.InUse)
        {
            throw new ImageStoreException($"image {reference} is in use by a container");
        }
        Images.Remove(image);
        Removed.Add(reference);
        return Task.CompletedTask;
    }
}
