using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// Each policy's part of the inet table as text, rendered when it is read: only the per-policy nft view reads it, one policy
/// at a time, so rendering every policy a second time on each compile would be wasted. Immutable, so safe to share.
/// </summary>
internal sealed class PolicyTexts(IReadOnlyDictionary<PolicyRef, PolicyPart> parts) : IReadOnlyDictionary<PolicyRef, string>
{
    public int Count => parts.Count;

    public IEnumerable<PolicyRef> Keys => parts.Keys;

    public IEnumerable<string> Values => parts.Values.Select(p => p.Render());

    public string this[PolicyRef key] => parts[key].Render();

    public bool ContainsKey(PolicyRef key) => parts.ContainsKey(key);

    public bool TryGetValue(PolicyRef key, [MaybeNullWhen(false)] out string value)
    {
        value = parts.TryGetValue(key, out var part) ? part.Render() : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<PolicyRef, string>> GetEnumerator() =>
        parts.Select(p => KeyValuePair.Create(p.Key, p.Value.Render())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
