using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// Each policy's part of the inet table as text, rendered when it is read: only the per-policy nft view reads it, one policy
/// at a time, so rendering every policy a second time on each compile would be wasted. Immutable, so safe to share.
/// </summary>
internal sealed class PolicyTexts(IReadOnlyList<PolicyRef> policies, Func<PolicyRef, string> render) : IReadOnlyDictionary<PolicyRef, string>
{
    private readonly HashSet<PolicyRef> _keys = [.. policies];

    public int Count => _keys.Count;

    public IEnumerable<PolicyRef> Keys => policies;

    public IEnumerable<string> Values => policies.Select(render);

    public string this[PolicyRef key] => _keys.Contains(key) ? render(key) : throw new KeyNotFoundException($"no policy {key}");

    public bool ContainsKey(PolicyRef key) => _keys.Contains(key);

    public bool TryGetValue(PolicyRef key, [MaybeNullWhen(false)] out string value)
    {
        value = _keys.Contains(key) ? render(key) : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<PolicyRef, string>> GetEnumerator() =>
        policies.Select(p => KeyValuePair.Create(p, render(p))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
