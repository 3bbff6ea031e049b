namespace Homelab.Nftables.Rendering;

/// <summary>
/// A set being filled: each element is a key (its exact fields, already nft text) and none, one or two trailing interval
/// fields. nft refuses overlapping elements in a concatenated interval set, so overlapping and adjacent ranges under one
/// key are merged, and two intervals are cut into disjoint boxes, when the elements are read.
/// </summary>
internal sealed class FlatSet(string name, string type, int intervals)
{
    // Made on first use: every rule has a set of each kind to show what it adds, and most stay empty.
    private HashSet<string>? _exact;
    private Dictionary<string, List<(Span A, Span B)>>? _boxes;

    public string Name => name;

    public string Type => type;

    public int Intervals => intervals;

    public bool IsEmpty => _exact is null && _boxes is null;

    public void Add(string element)
    {
        Expect(0);
        (_exact ??= new HashSet<string>(StringComparer.Ordinal)).Add(element);
    }

    public void Add(string key, Span a)
    {
        Expect(1);
        Boxes(key).Add((a, default));
    }

    public void Add(string key, Span a, Span b)
    {
        Expect(2);
        Boxes(key).Add((a, b));
    }

    /// <summary>The elements as nft text, disjoint and sorted.</summary>
    public List<string> Elements()
    {
        var result = new List<string>(_exact?.Count ?? 0);
        result.AddRange(_exact ?? []);
        foreach (var (key, boxes) in _boxes ?? [])
        {
            if (intervals == 1)
            {
                foreach (var span in Merge(boxes.Select(b => b.A)))
                {
                    result.Add($"{key} . {span}");
                }
                continue;
            }
            foreach (var (a, b) in Disjoint(boxes))
            {
                result.Add($"{key} . {a} . {b}");
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>The element that holds a packet's fields: the whole element for a set without intervals, else its key and the values in its intervals.</summary>
    public string? Covering(string key, params ReadOnlySpan<UInt128> values)
    {
        if (intervals == 0)
        {
            return _exact?.Contains(key) == true ? key : null;
        }
        foreach (var (a, b) in _boxes?.GetValueOrDefault(key) ?? [])
        {
            if (a.First <= values[0] && values[0] <= a.Last && (intervals == 1 || (b.First <= values[1] && values[1] <= b.Last)))
            {
                return intervals == 1 ? $"{key} . {a}" : $"{key} . {a} . {b}";
            }
        }
        return null;
    }

    public NftSet ToNftSet() => new("set", name, type, intervals > 0, Elements());

    private List<(Span A, Span B)> Boxes(string key)
    {
        _boxes ??= new Dictionary<string, List<(Span A, Span B)>>(StringComparer.Ordinal);
        if (!_boxes.TryGetValue(key, out var list))
        {
            _boxes[key] = list = [];
        }
        return list;
    }

    private void Expect(int count)
    {
        if (count != intervals)
        {
            throw new InvalidOperationException($"set {name} has {intervals} interval field(s), not {count}");
        }
    }

    /// <summary>Overlapping and adjacent ranges joined, in order.</summary>
    internal static List<Span> Merge(IEnumerable<Span> spans)
    {
        var merged = new List<Span>();
        foreach (var span in spans.OrderBy(s => s.First))
        {
            if (merged.Count > 0 && (merged[^1].Last == UInt128.MaxValue || span.First <= merged[^1].Last + 1))
            {
                var top = merged[^1];
                merged[^1] = top with { Last = UInt128.Max(top.Last, span.Last) };
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    /// <summary>
    /// The union of the boxes as disjoint boxes: the first field is cut where any box starts or ends, each slice takes the
    /// merged second-field ranges of the boxes over it, and neighbouring slices with the same ranges are joined again.
    /// </summary>
    internal static List<(Span A, Span B)> Disjoint(List<(Span A, Span B)> boxes)
    {
        if (boxes.Count == 1)
        {
            return boxes;
        }
        var cuts = boxes.Select(b => b.A.First)
            .Concat(boxes.Where(b => b.A.Last != UInt128.MaxValue).Select(b => b.A.Last + 1))
            .Distinct()
            .Order()
            .ToList();
        var slices = new List<(UInt128 First, UInt128 Last, List<Span> B)>();
        for (var i = 0; i < cuts.Count; i++)
        {
            var first = cuts[i];
            var last = i + 1 < cuts.Count ? cuts[i + 1] - 1 : UInt128.MaxValue;
            var over = Merge(boxes.Where(b => b.A.First <= first && first <= b.A.Last).Select(b => b.B));
            if (over.Count == 0)
            {
                continue;
            }
            if (slices.Count > 0 && slices[^1].Last + 1 == first && slices[^1].B.SequenceEqual(over))
            {
                slices[^1] = (slices[^1].First, last, over);
            }
            else
            {
                slices.Add((first, last, over));
            }
        }
        var kind = boxes[0].A.Kind;
        return [.. slices.SelectMany(s => s.B.Select(b => (new Span(s.First, s.Last, kind), b)))];
    }
}
