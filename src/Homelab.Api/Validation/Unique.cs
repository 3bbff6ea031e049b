using FluentValidation;
using FluentValidation.Results;

namespace Homelab.Api.Validation;

/// <summary>Duplicate detection across a list: the second and later occurrences are reported at their own index
/// (and at <c>member</c> within it, unless that is empty because the items are plain values).</summary>
internal static class Unique
{
    public static void Check<T, TItem, TKey>(ValidationContext<T> context, IReadOnlyList<TItem?>? items, Func<TItem?, TKey?> key, string member, Func<TKey, string> message)
        where TKey : notnull
    {
        if (items is null)
        {
            return;
        }
        var seen = new Dictionary<TKey, int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (key(items[i]) is not { } k || (k is string s && s.Length == 0))
            {
                continue;
            }
            if (seen.TryGetValue(k, out var first))
            {
                context.AddFailure(new ValidationFailure(member.Length == 0 ? $"{context.PropertyPath}[{i}]" : $"{context.PropertyPath}[{i}].{member}", $"{message(k)} (also at index {first})")
                {
                    ErrorCode = CauseReasons.Duplicate,
                });
            }
            else
            {
                seen[k] = i;
            }
        }
    }
}
