using System.Collections.Concurrent;
using Homelab.Api.Resources;
using Homelab.Api.Security;
using Homelab.Api.Values;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Images;

/// <summary>
/// Signature trust at pull time: where the ImagePolicies of a namespace require signatures for an image's scope, the
/// image is pulled from its registry under a policy written for that pull, so only a verified digest reaches local
/// storage; containers then run from that digest with --pull=never. Accepted verdicts are remembered by digest and
/// policy hash, so an unchanged image under an unchanged policy is not fetched again.
/// </summary>
internal sealed partial class ImageVerifier(IContainerRuntime runtime, IResourceClient client, IOptions<PodmanOptions> options, ILogger<ImageVerifier> logger)
{
    /// <summary>Enough for every image of a homelab many times over; forgetting costs one more registry round trip.</summary>
    private const int MaxVerdicts = 4096;

    private readonly ConcurrentDictionary<(string Digest, string Policy), bool> _accepted = new();
    private readonly string _root = Path.Combine(options.Value.DataDir, "image-trust");

    /// <summary>
    /// The image as <see cref="IContainerRuntime.PullImageAsync"/> gives it, verified first where a policy of namespace
    /// <paramref name="ns"/> asks for signatures. A refusal is a <see cref="PodmanException"/> with IsImageRejected.
    /// </summary>
    public async Task<ImageInfo> PullAsync(string ns, string reference, CancellationToken cancellationToken) =>
        await VerifyAsync(ns, reference, cancellationToken).ConfigureAwait(false)
        ?? await runtime.PullImageAsync(reference, cancellationToken).ConfigureAwait(false);

    /// <summary>The verified image, pulled; null when no ImagePolicy of namespace <paramref name="ns"/> asks for signatures.</summary>
    public async Task<ImageInfo?> VerifyAsync(string ns, string reference, CancellationToken cancellationToken)
    {
        var image = ImageReference.Parse(reference);
        var requirements = ImageRules.Signatures(image, ImageRules.Selecting(client.List<ImagePolicy>(), client.Get<Namespace>("", ns)));
        if (requirements.Count == 0)
        {
            return null;
        }
        var policy = SignaturePolicyFile.For(image, requirements);
        if (image.Digest is { } digest && _accepted.ContainsKey((digest, policy.Hash)))
        {
            return await runtime.PullImageAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        var verified = await runtime.PullVerifiedAsync(reference, policy.Write(_root), cancellationToken).ConfigureAwait(false);
        if (_accepted.Count >= MaxVerdicts)
        {
            _accepted.Clear();
        }
        _accepted[(verified.Digest, policy.Hash)] = true;
        LogVerified(logger, reference, verified.Digest, string.Join(", ", requirements.Select(r => r.Policy)));
        return verified;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Verified {Image} ({Digest}) against the signature keys of imagepolicy {Policies}")]
    private static partial void LogVerified(ILogger logger, string image, string digest, string policies);
}
