namespace Homelab.Podman;

/// <summary>A local image: its id and the manifest digest it was pulled or pushed by.</summary>
public sealed record ImageInfo(string Id, string Digest, IReadOnlyList<string> Names);
