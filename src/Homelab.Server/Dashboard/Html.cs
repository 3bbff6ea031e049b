using System.Globalization;
using System.Net;

namespace Homelab.Server.Dashboard;

/// <summary>Encoding and small formatting helpers for the server-rendered pages.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string U(string? text) => Uri.EscapeDataString(text ?? "");

    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "—";
        }
        var age = now - t;
        return age.TotalSeconds < 0 ? t.ToString("u", CultureInfo.InvariantCulture)
            : age.TotalMinutes < 1 ? $"{(int)age.TotalSeconds}s ago"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }

    /// <summary>sha256:0123456789ab… (12 hex characters are enough to tell digests apart on a page).</summary>
    public static string ShortDigest(string? digest) =>
        digest is { Length: > 19 } d && d.StartsWith("sha256:", StringComparison.Ordinal) ? d[..19] + "…" : digest ?? "";
}
