using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Homelab.Registry;

/// <summary>
/// A parsed image reference (<c>[registry/]repository[:tag][@digest]</c>) with Docker's defaulting: no registry means
/// docker.io, and a single-component Docker Hub name lives under <c>library/</c>. <see cref="Name"/> keeps the user's
/// spelling so that a rewritten reference still looks like the one they wrote.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    private const string DockerHubApiHost = "registry-1.docker.io";

    private ImageReference(string name, string registry, string repository, string? tag, string? digest)
    {
        Name = name;
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The name as written, without tag or digest (e.g. <c>nginx</c> or <c>127.0.0.1:5000/app</c>).</summary>
    public string Name { get; }

    /// <summary>The registry host[:port], e.g. <c>docker.io</c> or <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry, e.g. <c>library/nginx</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    /// <summary><c>algorithm:hex</c>, e.g. <c>sha256:…</c>.</summary>
    public string? Digest { get; }

    /// <summary>The host the distribution API is served from (Docker Hub's API is not on docker.io).</summary>
    public string ApiHost => Registry == DockerHub ? DockerHubApiHost : Registry;

    public ImageReference WithTag(string tag, string? digest = null) => new(Name, Registry, Repository, ValidTag(tag), digest is null ? null : ValidDigest(digest));

    public ImageReference WithDigest(string digest) => new(Name, Registry, Repository, Tag, ValidDigest(digest));

    public ImageReference WithoutDigest() => new(Name, Registry, Repository, Tag, null);

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public static ImageReference Parse(string reference) =>
        TryParse(reference, out var image, out var error) ? image : throw new FormatException(error);

    public static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? image, [NotNullWhen(false)] out string? error)
    {
        image = null;
        if (string.IsNullOrWhiteSpace(reference))
        {
            error = "image reference is empty";
            return false;
        }
        var rest = reference.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                error = $"image \"{reference}\": digest \"{digest}\" is not algorithm:hex (e.g. sha256:<64 hex digits>)";
                return false;
            }
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"image \"{reference}\": tag \"{tag}\" must be 1-128 of [A-Za-z0-9_.-], not starting with . or -";
                return false;
            }
        }
        var name = rest;
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? "" : rest[..slash];
        string registry, repository;
        if (slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost"))
        {
            registry = first;
            repository = rest[(slash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = rest;
        }
        if (registry is "index.docker.io" or DockerHubApiHost)
        {
            registry = DockerHub;
        }
        if (registry == DockerHub && !repository.Contains('/'))
        {
            repository = "library/" + repository;
        }
        if (!RepositoryPattern().IsMatch(repository))
        {
            error = $"image \"{reference}\": repository \"{repository}\" must be lowercase path components of [a-z0-9] joined by '.', '_', '__' or '-'";
            return false;
        }
        if (tag is null && digest is null)
        {
            tag = "latest";
        }
        image = new ImageReference(name, registry, repository, tag, digest);
        error = null;
        return true;
    }

    private static string ValidTag(string tag) =>
        TagPattern().IsMatch(tag) ? tag : throw new FormatException($"tag \"{tag}\" must be 1-128 of [A-Za-z0-9_.-], not starting with . or -");

    private static string ValidDigest(string digest) =>
        DigestPattern().IsMatch(digest) ? digest : throw new FormatException($"digest \"{digest}\" is not algorithm:hex");

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$")]
    private static partial Regex DigestPattern();
}
