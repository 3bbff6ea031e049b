using Microsoft.Extensions.Logging;

namespace Homelab.Controllers.Updates;

/// <summary>
/// Keeps the newest <c>keepImages</c> local images of a repository and removes the rest, except any image a container
/// uses or that carries the digest just rolled out. Failures are logged and never fail the update.
/// </summary>
internal sealed partial class ImagePruner(IImageStore images, ILogger<ImagePruner> logger)
{
    /// <summary>Returns the references removed.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(string repository, int keep, string? protectedDigest, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        try
        {
            var local = await images.ListAsync(repository, cancellationToken).ConfigureAwait(false);
            var surplus = local
                .OrderByDescending(i => i.Created)
                .ThenBy(i => i.Id, StringComparer.Ordinal)
                .Skip(keep)
                .Where(i => !i.InUse && !(protectedDigest is not null && i.Digests.Any(d => d.EndsWith("@" + protectedDigest, StringComparison.Ordinal))));
            foreach (var image in surplus)
            {
                // Removing by name drops only this repository's references; an image shared with another repository survives.
                foreach (var reference in image.Names.Count > 0 ? image.Names : image.Digests)
                {
                    try
                    {
                        await images.RemoveAsync(reference, cancellationToken).ConfigureAwait(false);
                        removed.Add(reference);
                    }
                    catch (ImageStoreException ex)
                    {
                        LogRemoveFailed(logger, reference, ex.Message);
                    }
                }
            }
        }
        catch (ImageStoreException ex)
        {
            LogListFailed(logger, repository, ex.Message);
        }
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove old image {Reference}: {Reason}")]
    private static partial void LogRemoveFailed(ILogger logger, string reference, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list local images of {Repository}: {Reason}")]
    private static partial void LogListFailed(ILogger logger, string repository, string reason);
}
