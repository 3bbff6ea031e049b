using Homelab.Api.Resources;
using Homelab.Api.Values;
using Homelab.Controllers.Images;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging;

namespace Homelab.Controllers.Services;

/// <summary>
/// The image a Service's new container runs. While the spec names the same image, the digest already running (or, with
/// the container gone, the one status recorded for this very generation) is kept: a tag that moved in the registry is the
/// update controller's or the user's decision, never a side effect of a restart or of an unrelated spec change.
/// </summary>
internal sealed partial class ServiceImageResolver(ImageVerifier verifier, IResourceClient client, ILogger<ServiceImageResolver> logger)
{
    /// <summary>The image and the reference to run it by: by digest, so status reports exactly what runs even if the tag moves.</summary>
    /// <exception cref="PodmanException">It could not be pulled, or an ImagePolicy refused it.</exception>
    public async Task<(ImageInfo Image, string Pinned)> ResolveAsync(Service service, ContainerInfo? current, CancellationToken cancellationToken)
    {
        var image = await PullAsync(service, current, cancellationToken).ConfigureAwait(false);
        return (image, $"{ImageReference.Parse(service.Spec.Image).Name}@{image.Digest}");
    }

    private async Task<ImageInfo> PullAsync(Service service, ContainerInfo? current, CancellationToken cancellationToken)
    {
        var image = ImageReference.Parse(service.Spec.Image);
        if (KeptDigest(service, image, current) is { } digest)
        {
            var reference = image.WithDigest(digest).ToString();
            try
            {
                return await verifier.PullAsync(service.Namespace, reference, cancellationToken).ConfigureAwait(false);
            }
            catch (PodmanException e) when (!e.IsImageRejected)
            {
                var message = $"the running digest {reference} is no longer available ({e.PodmanError}); using what {service.Spec.Image} names now";
                LogPinnedImageUnavailable(logger, service.Namespace, service.Name, message);
                client.RecordEvent(service, EventTypes.Warning, ServiceReasons.PinnedImageUnavailable, message);
            }
        }
        return await verifier.PullAsync(service.Namespace, service.Spec.Image, cancellationToken).ConfigureAwait(false);
    }

    private static string? KeptDigest(Service service, ImageReference image, ContainerInfo? current)
    {
        if (image.Digest is not null)
        {
            return null;
        }
        if (current is not null)
        {
            return current.Label(HomelabLabels.Image) == service.Spec.Image ? current.Label(HomelabLabels.ImageDigest) : null;
        }
        // Status is written from podman's report, but it is still user-writable input: only a well-formed digest is kept.
        return service.Status is { ImageDigest: { } digest } status && status.ObservedGeneration == service.Generation
            && ImageReference.TryParse($"{image.Name}@{digest}", out _) ? digest : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Namespace}/{Name}: {Message}")]
    private static partial void LogPinnedImageUnavailable(ILogger logger, string @namespace, string name, string message);
}
