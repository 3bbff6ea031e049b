using System.Security.Cryptography;
using Homelab.Acme;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Controllers.Routes;

/// <summary>
/// The ACME account of each acme Issuer: its P-256 key made once and kept in homelabd's data directory
/// (issuers/NAME/acme-account.key, 0600 in a 0700 directory, written atomically), registered once per generation of the
/// Issuer (the account URL is kept in its status, so a restarted homelabd registers nothing again). A failed
/// registration is tried again after the certificates' back-off, or at once when the Issuer is edited.
/// </summary>
internal sealed class AcmeAccounts(string dataDir, IAcmeClient client, TimeProvider time)
{
    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Generation, int Failures, DateTimeOffset Last)> _failures = new(StringComparer.Ordinal);

    public static AcmeServer Server(AcmeIssuer spec) => new(new Uri(spec.Server), spec.CaBundle);

    /// <summary>The registered account, registering it when the Issuer's status has none for its generation; the outcome for its Ready condition.</summary>
    public async Task<AccountOutcome> EnsureAsync(Issuer issuer, CancellationToken cancellationToken)
    {
        var spec = issuer.Spec.Acme!;
        var ready = issuer.Status?.GetCondition(ConditionTypes.Ready);
        ECDsa key;
        try
        {
            key = Key(issuer.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return new(null, "KeyFailed", $"could not load or create the account key: {e.Message}", false);
        }
        if (issuer.Status?.Acme?.Uri is { } known && ready is { Status: ConditionStatus.True, ObservedGeneration: var seen } && seen == issuer.Generation)
        {
            return new(new AcmeAccount(new Uri(known), key), ready.Reason, ready.Message, false);
        }
        var now = time.GetUtcNow();
        if (_failures.TryGetValue(issuer.Name, out var failed) && failed.Generation == issuer.Generation && now < failed.Last + RenewalPolicy.Backoff(failed.Failures))
        {
            return new(null, ready?.Reason ?? "RegistrationFailed", ready?.Message ?? "registration failed", false);
        }
        try
        {
            var account = await client.RegisterAsync(Server(spec), key, spec.Email, cancellationToken).ConfigureAwait(false);
            _failures.Remove(issuer.Name);
            issuer.Status!.Acme = new AcmeIssuerStatus { Uri = account.Url.AbsoluteUri, LastRegisteredEmail = spec.Email };
            return new(account, "AccountRegistered", $"ACME account {account.Url} registered at {spec.Server}", true);
        }
        catch (AcmeException e)
        {
            var failures = failed.Generation == issuer.Generation ? failed.Failures + 1 : 1;
            _failures[issuer.Name] = (issuer.Generation, failures, now);
            issuer.Status!.Acme = null;
            return new(null, "RegistrationFailed", $"could not register at {spec.Server}: {e.Message}; attempt {failures}, next try at {now + RenewalPolicy.Backoff(failures):u} or when the Issuer changes", true);
        }
    }

    /// <summary>When a failed registration of <paramref name="issuer"/> is tried again, if one failed.</summary>
    public DateTimeOffset? NextTry(Issuer issuer) =>
        _failures.TryGetValue(issuer.Name, out var failed) && failed.Generation == issuer.Generation ? failed.Last + RenewalPolicy.Backoff(failed.Failures) : null;

    private ECDsa Key(string issuer)
    {
        if (_keys.TryGetValue(issuer, out var cached))
        {
            return cached;
        }
        var dir = Path.Combine(dataDir, "issuers", issuer);
        var path = Path.Combine(dir, "acme-account.key");
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            PemFiles.WriteAtomically(path, key.ExportPkcs8PrivateKeyPem());
        }
        return _keys[issuer] = key;
    }
}

/// <summary>An account (null when there is none) and what the Issuer's Ready condition says; <see cref="Changed"/> when this run registered or failed to.</summary>
internal sealed record AccountOutcome(AcmeAccount? Account, string Reason, string Message, bool Changed);
