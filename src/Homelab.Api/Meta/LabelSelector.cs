namespace Homelab.Api.Meta;

/// <summary>A Kubernetes label selector. An empty selector matches everything; a null one (where optional) matches nothing.</summary>
public sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }
    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        if (MatchLabels is not null)
        {
            foreach (var (key, value) in MatchLabels)
            {
                if (!labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }
        return MatchExpressions is null || MatchExpressions.All(e => e.Matches(labels));
    }
}

public sealed class LabelSelectorRequirement
{
    public string Key { get; set; } = "";
    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    public string Operator { get; set; } = "";
    public List<string>? Values { get; set; }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperators.In => has && (Values?.Contains(value!) ?? false),
            SelectorOperators.NotIn => !has || !(Values?.Contains(value!) ?? false),
            SelectorOperators.Exists => has,
            SelectorOperators.DoesNotExist => !has,
            _ => false,
        };
    }
}

public static class SelectorOperators
{
    public const string In = "In";
    public const string NotIn = "NotIn";
    public const string Exists = "Exists";
    public const string DoesNotExist = "DoesNotExist";
    public static readonly string[] All = [In, NotIn, Exists, DoesNotExist];
}
