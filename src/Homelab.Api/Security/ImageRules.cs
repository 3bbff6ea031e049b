using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Api.Security;

/// <summary>
/// What the ImagePolicies that select a namespace ask of a Service's image: the static rules admission checks (a
/// registry named, a tag other than latest, a digest where required, an allowed registry) and the signatures a pull
/// must verify. Every selecting policy applies; a namespace no policy selects has no image rules.
/// </summary>
public static class ImageRules
{
    public const string ShortName = "image/short-name";
    public const string Untagged = "image/untagged";
    public const string Latest = "image/latest";
    public const string DigestRequired = "image/digest-required";
    public const string Registry = "image/registry";

    /// <summary>The policies whose namespaceSelector matches <paramref name="ns"/> (none given: no labels).</summary>
    public static IReadOnlyList<ImagePolicy> Selecting(IEnumerable<ImagePolicy> policies, Namespace? ns)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return [.. policies
            .Where(p => p.Spec.NamespaceSelector?.Matches(ns?.Metadata.Labels) ?? true)
            .OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    public static IReadOnlyList<SecurityViolation> Check(string image, IReadOnlyList<ImagePolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(policies);
        var found = new List<SecurityViolation>();
        if (policies.Count == 0 || !ImageReference.TryParse(image, out var reference))
        {
            return found;
        }
        var by = $"imagepolicy {string.Join(", ", policies.Select(p => p.Name))}";
        if (ImageReference.IsShortName(image))
        {
            found.Add(new("spec.image", ShortName,
                $"\"{image}\" does not name its registry, so the host's search list or shortname aliases would choose it: write {reference.Name}{(reference.Tag is null ? "" : ":" + reference.Tag)} ({by})"));
        }
        if (reference.Tag is null && reference.Digest is null)
        {
            found.Add(new("spec.image", Untagged, $"\"{image}\" has no tag or digest and would mean whatever latest is at pull time ({by})"));
        }
        else if (reference.Tag == "latest")
        {
            found.Add(new("spec.image", Latest, $"\"{image}\": the latest tag names no version; name one, or a digest ({by})"));
        }
        foreach (var policy in policies)
        {
            if (policy.Spec.RequireDigest == true && reference.Digest is null)
            {
                found.Add(new("spec.image", DigestRequired, $"\"{image}\" must name a digest (repo:tag@sha256:…) (imagepolicy {policy.Name})"));
            }
            if (policy.Spec.AllowedRegistries is { Count: > 0 } allowed && !allowed.Any(scope => ImageScope.Covers(scope, reference)))
            {
                found.Add(new("spec.image", Registry,
                    $"{reference.Name} is not under an allowed registry ({string.Join(", ", allowed)}) (imagepolicy {policy.Name})"));
            }
        }
        return found;
    }

    /// <summary>
    /// The signature requirements a pull of <paramref name="image"/> must meet: of each policy, its most specific scope
    /// covering the image. All must hold (as containers-policy.json combines requirements); none means no verification.
    /// </summary>
    public static IReadOnlyList<(string Policy, SignatureRequirement Requirement)> Signatures(ImageReference image, IReadOnlyList<ImagePolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(policies);
        return [.. policies
            .Select(p => (Policy: p.Name, Requirement: (p.Spec.Signatures ?? [])
                .Where(s => ImageScope.Covers(s.Scope, image))
                .OrderByDescending(s => s.Scope.Length)
                .FirstOrDefault()))
            .Where(p => p.Requirement is not null)
            .Select(p => (p.Policy, p.Requirement!))];
    }
}
