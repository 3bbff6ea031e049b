using System.Security.Cryptography;

namespace Homelab.Acme;

/// <summary>
/// An ACME server (RFC 8555) as homelabd uses it: an account per key, and certificates ordered for DNS names whose
/// HTTP-01 challenges the caller serves. Calls are sequential per server; nonces and the directory are kept per server.
/// </summary>
public interface IAcmeClient
{
    /// <summary>Registers the account of <paramref name="key"/> (or finds the one it already has), agreeing to the terms of service.</summary>
    /// <exception cref="AcmeException">The server refused, or could not be reached.</exception>
    Task<AcmeAccount> RegisterAsync(AcmeServer server, ECDsa key, string? email, CancellationToken cancellationToken);

    /// <summary>
    /// Orders a certificate for <paramref name="csr"/>'s names: each pending HTTP-01 challenge is handed to
    /// <paramref name="publish"/> (which must serve it before returning), then validated, the order finalized and the
    /// chain (PEM, leaf first) downloaded.
    /// </summary>
    /// <exception cref="AcmeException">A step failed; the message says which and the server's reason.</exception>
    Task<string> IssueAsync(AcmeServer server, AcmeAccount account, IReadOnlyList<string> hostnames, byte[] csr,
        Func<IReadOnlyList<Http01Challenge>, CancellationToken, Task> publish, CancellationToken cancellationToken);
}

/// <summary>A directory URL and, for a private server such as pebble, the PEM roots its TLS certificate chains to.</summary>
public sealed record AcmeServer(Uri Directory, string? CaBundle = null);

/// <summary>A registered account: its URL (the JWS key id) and its key.</summary>
public sealed record AcmeAccount(Uri Url, ECDsa Key);

/// <summary>What the proxy answers at http://HOST/.well-known/acme-challenge/TOKEN.</summary>
public sealed record Http01Challenge(string Host, string Token, string KeyAuthorization)
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    public string Path => PathPrefix + Token;
}
