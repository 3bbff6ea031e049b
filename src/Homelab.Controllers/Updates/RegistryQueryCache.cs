using System.Collections.Concurrent;
using Homelab.Api.Values;
using Homelab.Registry;

namespace Homelab.Controllers.Updates;

/// <summary>
/// One check's view of the registries: each (registry, repository, tag) and each tag list is asked for once, however
/// many Services share it. Failures are remembered too, so a dead registry costs one request per image, not per Service.
/// Lives for one check only: the next check must see new pushes.
/// </summary>
internal sealed class RegistryQueryCache(IRegistry registry)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _digests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _imageIds = new(StringComparer.Ordinal);

    public Task<string> GetDigestAsync(ImageReference image, CancellationToken cancellationToken) =>
        _digests.GetOrAdd(
            $"{image.Name}:{image.EffectiveTag}@{image.Digest}",
            _ => new Lazy<Task<string>>(() => registry.GetDigestAsync(image, cancellationToken))).Value;

    public Task<string> GetImageIdAsync(ImageReference image, CancellationToken cancellationToken) =>
        _imageIds.GetOrAdd(
            image.ToString(),
            _ => new Lazy<Task<string>>(() => registry.GetImageIdAsync(image, cancellationToken))).Value;

    public Task<IReadOnlyList<string>> ListTagsAsync(ImageReference image, CancellationToken cancellationToken) =>
        _tags.GetOrAdd(
            image.Name,
            _ => new Lazy<Task<IReadOnlyList<string>>>(() => registry.ListTagsAsync(image, cancellationToken))).Value;
}
