using Homelab.Api.Resources;

namespace Homelab.Proxy.Compilation;

/// <summary>One hostname with one path match of one accepted Route: the unit of precedence and of conflicts.</summary>
internal sealed record RouteEntry(string Host, string PathType, string Path, int RouteOrder, string RouteKey, IReadOnlyList<ResolvedBackend>? Backends, bool Redirect = false)
{
    /// <summary>The claim two Routes cannot share.</summary>
    public (string Host, string PathType, string Path) Claim => (Host, PathType, Path);

    public static string NormalizePath(PathMatch? match)
    {
        var value = match?.Value ?? "/";
        // Gateway API ignores a trailing slash of a prefix: /media/ and /media match the same requests.
        return (match?.Type ?? PathMatchTypes.PathPrefix) == PathMatchTypes.PathPrefix && value.Length > 1 ? value.TrimEnd('/') : value;
    }
}

/// <summary>
/// Gateway API's precedence: an exact host before a wildcard, the longer host first, Exact before PathPrefix, the longer
/// path first, then the older Route; the rest only makes the order total.
/// </summary>
internal sealed class RouteEntryPrecedence : IComparer<RouteEntry>
{
    public static readonly RouteEntryPrecedence Instance = new();

    public int Compare(RouteEntry? x, RouteEntry? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int c;
        if ((c = IsWildcard(x).CompareTo(IsWildcard(y))) != 0
            || (c = y.Host.Length.CompareTo(x.Host.Length)) != 0
            || (c = x.Redirect.CompareTo(y.Redirect)) != 0
            || (c = Rank(x.PathType).CompareTo(Rank(y.PathType))) != 0
            || (c = y.Path.Length.CompareTo(x.Path.Length)) != 0
            || (c = x.RouteOrder.CompareTo(y.RouteOrder)) != 0
            || (c = string.CompareOrdinal(x.Host, y.Host)) != 0)
        {
            return c;
        }
        return string.CompareOrdinal(x.Path, y.Path);
    }

    private static bool IsWildcard(RouteEntry entry) => entry.Host.StartsWith("*.", StringComparison.Ordinal);

    private static int Rank(string pathType) => pathType == PathMatchTypes.Exact ? 0 : 1;
}
