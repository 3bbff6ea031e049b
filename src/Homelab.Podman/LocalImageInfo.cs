namespace Homelab.Podman;

/// <summary>One row of <c>podman images</c>: its id, names (repo:tag), digests (repo@sha256:…), creation time and how many containers use it.</summary>
public sealed record LocalImageInfo(string Id, IReadOnlyList<string> Names, IReadOnlyList<string> RepoDigests, DateTimeOffset Created, int Containers);
