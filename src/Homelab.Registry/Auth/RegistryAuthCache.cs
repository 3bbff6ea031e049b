using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Homelab.Registry.Auth;

/// <summary>
/// The Authorization header that last worked for one (registry, repository), kept until the token expires, so that
/// a check costs one request per image instead of a challenge round trip each time.
/// </summary>
internal sealed class RegistryAuthCache(TimeProvider time)
{
    // A token used right up to its expiry can expire in flight; renew a little early.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(string Host, string Repository), Entry> _entries = new();

    public AuthenticationHeaderValue? Get(string host, string repository)
    {
        if (!_entries.TryGetValue((host, repository), out var entry))
        {
            return null;
        }
        if (entry.Expires is { } expires && time.GetUtcNow() >= expires)
        {
            _entries.TryRemove(new KeyValuePair<(string, string), Entry>((host, repository), entry));
            return null;
        }
        return entry.Header;
    }

    public void Set(string host, string repository, AuthenticationHeaderValue header, TimeSpan? lifetime)
    {
        DateTimeOffset? expires = null;
        if (lifetime is { } l)
        {
            var margin = l > ExpiryMargin * 2 ? ExpiryMargin : l / 2;
            expires = time.GetUtcNow() + l - margin;
        }
        _entries[(host, repository)] = new Entry(header, expires);
    }

    public void Forget(string host, string repository) => _entries.TryRemove((host, repository), out _);

    private sealed record Entry(AuthenticationHeaderValue Header, DateTimeOffset? Expires);
}
