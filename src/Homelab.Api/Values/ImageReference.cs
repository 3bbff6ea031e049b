using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Homelab.Api.Values;

/// <summary>
/// A container image reference, normalized as Docker and Podman normalize it: "nginx:1.27" is
/// docker.io/library/nginx:1.27; "ghcr.io/home-assistant/home-assistant:2024.11" keeps its registry. The first path
/// component is a registry host when it contains '.' or ':' or is "localhost" (the rule of distribution/reference).
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";

    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Host and optional port: docker.io, ghcr.io, 127.0.0.1:5000.</summary>
    public string Registry { get; }

    /// <summary>The path within the registry: library/nginx, homelab/caddy.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    /// <summary>algorithm:hex, e.g. sha256:3f0c….</summary>
    public string? Digest { get; }

    /// <summary>registry/repository, without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The tag a pull resolves: the given tag, or "latest" when neither tag nor digest was given.</summary>
    public string? EffectiveTag => Tag ?? (Digest is null ? "latest" : null);

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(text, out reference, out _);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must be an image reference such as \"docker.io/library/caddy:2.8\"";
            return false;
        }
        var rest = text;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                error = $"\"{text}\": digest \"{digest}\" must be sha256: followed by 64 lower-case hex digits";
                return false;
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"\"{text}\": tag \"{tag}\" must be letters, digits, '_', '.' or '-' (not first), at most 128 characters";
                return false;
            }
        }

        var (registry, repository) = SplitRegistry(rest);
        if (registry.Length == 0 || !RegistryPattern().IsMatch(registry))
        {
            error = $"\"{text}\": \"{registry}\" is not a valid registry host";
            return false;
        }
        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }
        if (repository.Length == 0 || repository.Length > 255 || !repository.Split('/').All(c => PathComponentPattern().IsMatch(c)))
        {
            error = $"\"{text}\": repository \"{repository}\" must be lower-case path components of letters, digits and single separators ('.', '_', '__', '-')";
            return false;
        }
        reference = new ImageReference(registry, repository, tag, digest);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> leaves its registry to be guessed ("nginx:1.27", "library/nginx"): Podman
    /// resolves such names through registries.conf's search list or shortname aliases, so who serves it depends on the
    /// host's configuration.
    /// </summary>
    public static bool IsShortName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 || !IsHost(text[..slash]);
    }

    private static bool IsHost(string first) =>
        first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
        || first.Any(char.IsAsciiLetterUpper);

    private static (string Registry, string Repository) SplitRegistry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (DockerHub, name);
        }
        var first = name[..slash];
        if (!IsHost(first))
        {
            return (DockerHub, name);
        }
        // index.docker.io is Docker Hub's old name; both spellings mean one registry.
        var registry = first is "index.docker.io" or "registry-1.docker.io" ? DockerHub : first;
        return (registry, name[(slash + 1)..]);
    }

    /// <summary>Whether <paramref name="text"/> is a content digest as image references carry them (sha256:… or sha512:…, lower-case hex).</summary>
    public static bool IsDigest(string text) => DigestPattern().IsMatch(text);

    /// <summary>The same image pinned to a digest, keeping the tag for readability (repo:tag@sha256:…).</summary>
    public ImageReference WithDigest(string digest)
    {
        if (!DigestPattern().IsMatch(digest))
        {
            throw new FormatException($"digest \"{digest}\" must be sha256: followed by 64 lower-case hex digits");
        }
        return new ImageReference(Registry, Repository, Tag, digest);
    }

    /// <summary>The same repository at another tag; a digest is dropped because it belonged to the old tag.</summary>
    public ImageReference WithTag(string tag)
    {
        if (!TagPattern().IsMatch(tag))
        {
            throw new FormatException($"tag \"{tag}\" must be letters, digits, '_', '.' or '-' (not first), at most 128 characters");
        }
        return new ImageReference(Registry, Repository, tag, null);
    }

    /// <summary>The same repository and tag without a digest.</summary>
    public ImageReference WithoutDigest() => new(Registry, Repository, Tag, null);

    /// <summary>Canonical form: registry/repository[:tag][@digest].</summary>
    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();
}
