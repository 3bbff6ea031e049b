namespace Homelab.Nftables.Access;

internal static class SortedLists
{
    /// <summary>
    /// Sorts the list in place and drops repeats (items the comparer finds equal): set elements and port lists are kept
    /// in one order, each once, so equal inputs render equal text.
    /// </summary>
    public static List<T> SortDistinct<T>(this List<T> list, IComparer<T>? comparer = null)
    {
        comparer ??= Comparer<T>.Default;
        list.Sort(comparer);
        // Equal items are now adjacent: keep the first of each run.
        var kept = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (kept == 0 || comparer.Compare(list[i], list[kept - 1]) != 0)
            {
                list[kept++] = list[i];
            }
        }
        list.RemoveRange(kept, list.Count - kept);
        return list;
    }
}
