namespace Homelab.Controllers.Updates;

/// <summary>What a check found for one Service: a newer image (with its digest) or nothing, and why.</summary>
internal sealed record UpdateCandidate(string? Image, string? Digest, string Message)
{
    public static UpdateCandidate None(string message) => new(null, null, message);
}
