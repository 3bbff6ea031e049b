namespace Homelab.Translation.Export;

/// <summary>Hands out names that are unique within one scope (a pod's volumes, a ConfigMap's keys, a Service's ports).</summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Takes <paramref name="wanted"/> if it is free, else <paramref name="fallback"/>, suffixed until free.</summary>
    public string Take(string wanted, string? fallback = null)
    {
        if (_taken.Add(wanted))
        {
            return wanted;
        }
        var stem = fallback ?? wanted;
        if (_taken.Add(stem))
        {
            return stem;
        }
        for (var i = 2; ; i++)
        {
            var candidate = $"{stem}-{i}";
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    public void Reserve(string name) => _taken.Add(name);
}
