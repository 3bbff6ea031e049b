using System.Collections.Concurrent;
using Homelab.Api.Values;
using Homelab.Registry;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>A registry in memory: tags pointing at digests, a switch to make it unreachable, and counters per question.</summary>
internal sealed class FakeRegistry : IRegistry
{
    private readonly ConcurrentDictionary<(string Repository, string Tag), string> _tags = new();
    private int _digestQueries;
    private int _tagQueries;

    public bool Down { get; set; }
    public int DigestQueries => _digestQueries;
    public int TagQueries => _tagQueries;
    public int Queries => _digestQueries + _tagQueries;

    /// <summary>Points <paramref name="repository"/> (registry/path):<paramref name="tag"/> at <paramref name="digest"/>.</summary>
    public void Push(string repository, string tag, string digest) => _tags[(repository, tag)] = digest;

    public Task<string> GetDigestAsync(ImageReference image, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _digestQueries);
        ThrowIfDown(image);
        return _tags.TryGetValue(($"{image.Registry}/{image.Repository}", image.EffectiveTag!), out var digest)
            ? Task.FromResult(digest)
            : Task.FromException<string>(new RegistryNotFoundException(image.Registry, $"manifest {image} not found"));
    }

    /// <summary>Image ids by manifest digest; a digest without one is its own image.</summary>
    public ConcurrentDictionary<string, string> ImageIds { get; } = new(StringComparer.Ordinal);

    public Task<string> GetImageIdAsync(ImageReference image, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _digestQueries);
        ThrowIfDown(image);
        var digest = image.Digest ?? _tags.GetValueOrDefault(($"{image.Registry}/{image.Repository}", image.EffectiveTag!)) ?? "";
        return Task.FromResult(ImageIds.GetValueOrDefault(digest) ?? "sha256:config-of-" + digest);
    }

    public Task<IReadOnlyList<string>> ListTagsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tagQueries);
        ThrowIfDown(image);
        IReadOnlyList<string> tags = [.. _tags.Keys.Where(k => k.Repository == $"{image.Registry}/{image.Repository}").Select(k => k.Tag).Order(StringComparer.Ordinal)];
        return Task.FromResult(tags);
    }

    private void ThrowIfDown(ImageReference image)
    {
        if (Down)
        {
            throw new RegistryUnavailableException(image.Registry, $"registry {image.Registry} is unreachable: connection refused");
        }
    }
}
