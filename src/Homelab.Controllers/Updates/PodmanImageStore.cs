using Homelab.Podman;

namespace Homelab.Controllers.Updates;

/// <summary>
/// <see cref="IImageStore"/> over the container runtime (<c>podman images</c>, <c>podman rmi</c>, never forced), so the
/// image pruner runs podman with the same binary and timeout as everything else; its failures, a timeout included,
/// become <see cref="ImageStoreException"/>, which pruning reports and moves past.
/// </summary>
internal sealed class PodmanImageStore(IContainerRuntime runtime) : IImageStore
{
    public async Task<IReadOnlyList<LocalImage>> ListAsync(string repository, CancellationToken cancellationToken) =>
        Select(await Guarded(() => runtime.ListImagesAsync(cancellationToken)).ConfigureAwait(false), repository);

    public Task RemoveAsync(string reference, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            await runtime.RemoveImageAsync(reference, cancellationToken).ConfigureAwait(false);
            return true;
        });

    /// <summary>The images with a name or digest in <paramref name="repository"/>, each once.</summary>
    internal static IReadOnlyList<LocalImage> Select(IEnumerable<LocalImageInfo> all, string repository)
    {
        var images = new Dictionary<string, LocalImage>(StringComparer.Ordinal);
        foreach (var image in all)
        {
            var names = image.Names.Where(n => InRepository(n, repository, ':')).ToList();
            var digests = image.RepoDigests.Where(n => InRepository(n, repository, '@')).ToList();
            if (image.Id.Length == 0 || (names.Count == 0 && digests.Count == 0) || images.ContainsKey(image.Id))
            {
                continue;
            }
            images[image.Id] = new LocalImage(image.Id, names, digests, image.Created, image.Containers > 0);
        }
        return [.. images.Values];
    }

    private static bool InRepository(string reference, string repository, char separator) =>
        reference.Length > repository.Length && reference.StartsWith(repository, StringComparison.Ordinal) && reference[repository.Length] == separator;

    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is PodmanException or TimeoutException)
        {
            throw new ImageStoreException(e.Message, e);
        }
    }
}
