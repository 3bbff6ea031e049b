using Homelab.Api.Resources;
using Homelab.Api.Values;
using Homelab.Registry;

namespace Homelab.Controllers.Updates;

/// <summary>Asks the registry (through one check's cache) whether a Service has a newer image the policy allows.</summary>
internal sealed class UpdateFinder(RegistryQueryCache registry, IImageStore images, UpdatePolicySettings settings, UpdatePolicyOptions options)
{
    /// <summary>Throws <see cref="RegistryException"/> when the registry cannot answer.</summary>
    public async Task<UpdateCandidate> FindAsync(Service service, IReadOnlyCollection<string> failedDigests, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(service.Spec.Image, out var image, out var error))
        {
            return UpdateCandidate.None(error);
        }
        if (image.EffectiveTag is null)
        {
            return UpdateCandidate.None($"{image} is pinned to a digest without a tag; there is nothing to follow");
        }
        return settings.Strategy == UpdateStrategies.Semver
            ? await FindNewerTagAsync(image, failedDigests, cancellationToken).ConfigureAwait(false)
            : await FindNewerDigestAsync(service, image, failedDigests, cancellationToken).ConfigureAwait(false);
    }

    private async Task<UpdateCandidate> FindNewerDigestAsync(Service service, ImageReference image, IReadOnlyCollection<string> failedDigests, CancellationToken cancellationToken)
    {
        var running = image.Digest ?? service.Status?.ImageDigest;
        if (running is null)
        {
            // Without knowing what runs, any digest would look new; wait until the Service controller reports it.
            return UpdateCandidate.None("the running digest is not known yet");
        }
        var tagged = image.WithTag(image.EffectiveTag!);
        var remote = await registry.GetDigestAsync(tagged, cancellationToken).ConfigureAwait(false);
        if (remote == running || await SameLocalImageAsync(image, running, remote, cancellationToken).ConfigureAwait(false))
        {
            return UpdateCandidate.None($"{tagged} is up to date");
        }
        if (failedDigests.Contains(remote))
        {
            return UpdateCandidate.None($"{remote} failed before; waiting for a newer digest");
        }
        return new UpdateCandidate(tagged.WithDigest(remote).ToString(), remote, $"{tagged} has a new digest {remote}");
    }

    /// <summary>
    /// Whether <paramref name="remote"/> names the very image that runs as <paramref name="running"/>. One image has
    /// several manifest digests — an image built here keeps its local manifest's after a push that recompressed it,
    /// and podman records the pushed one only once something pulls by it; a multi-arch image has its index's and its
    /// platform manifest's — but one config digest, which is the id podman gives the image. So the local image that runs
    /// is found by its digest and its id compared with the config digest of the manifest the registry now serves.
    /// </summary>
    private async Task<bool> SameLocalImageAsync(ImageReference image, string running, string remote, CancellationToken cancellationToken)
    {
        IReadOnlyList<LocalImage> local;
        try
        {
            local = await images.ListAsync(image.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageStoreException)
        {
            // Cannot tell: at worst an update to the same image is offered, as before this check existed.
            return false;
        }
        var runningReference = $"{image.Name}@{running}";
        if (local.FirstOrDefault(i => i.Digests.Contains(runningReference, StringComparer.Ordinal)) is not { } runs)
        {
            return false;
        }
        var remoteId = await registry.GetImageIdAsync(image.WithDigest(remote), cancellationToken).ConfigureAwait(false);
        return remoteId == "sha256:" + runs.Id || remoteId == runs.Id;
    }

    private async Task<UpdateCandidate> FindNewerTagAsync(ImageReference image, IReadOnlyCollection<string> failedDigests, CancellationToken cancellationToken)
    {
        if (!SemverSelector.TryParse(image.EffectiveTag!, out var current))
        {
            return UpdateCandidate.None($"tag \"{image.EffectiveTag}\" is not a semantic version");
        }
        var tags = await registry.ListTagsAsync(image, cancellationToken).ConfigureAwait(false);
        var candidates = SemverSelector.Candidates(current, tags, settings);
        foreach (var tag in candidates.Take(options.MaxSemverCandidates))
        {
            var digest = await registry.GetDigestAsync(image.WithTag(tag), cancellationToken).ConfigureAwait(false);
            if (!failedDigests.Contains(digest))
            {
                return new UpdateCandidate(image.WithTag(tag).WithDigest(digest).ToString(), digest, $"{image.WithoutDigest()} can move to {tag}");
            }
        }
        return UpdateCandidate.None(candidates.Count == 0
            ? $"no newer {settings.Allow} release than {image.EffectiveTag}"
            : $"newer tags ({string.Join(", ", candidates.Take(options.MaxSemverCandidates))}) failed before");
    }
}
