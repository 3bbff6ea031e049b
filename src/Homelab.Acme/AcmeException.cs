namespace Homelab.Acme;

/// <summary>
/// An ACME request that failed: the server's problem document (<see cref="Type"/>, e.g.
/// urn:ietf:params:acme:error:rateLimited, and its detail) or why the server could not be reached.
/// </summary>
public sealed class AcmeException(string message, string? type = null, Exception? inner = null) : Exception(message, inner)
{
    public const string BadNonce = "urn:ietf:params:acme:error:badNonce";
    public const string AccountDoesNotExist = "urn:ietf:params:acme:error:accountDoesNotExist";

    /// <summary>The problem type, null when the server did not answer with one.</summary>
    public string? Type { get; } = type;
}
