using System.Text;
using System.Text.RegularExpressions;

namespace Homelab.Nftables.Rendering;

/// <summary>Quoting and naming: everything user-written reaches nft only through these.</summary>
internal static partial class NftText
{
    /// <summary>nft keeps at most 128 bytes of a rule comment.</summary>
    private const int MaxCommentBytes = 127;

    /// <summary>A chain or set name from parts; DNS-1123 names pass through, anything else is made safe.</summary>
    public static string Name(params string[] parts) => string.Join("_", parts.Select(p => UnsafeChars().Replace(p.ToLowerInvariant(), "-")));

    /// <summary>A quoted string (interface names); nft strings cannot hold quotes or backslashes.</summary>
    public static string Quote(string value) => $"\"{UnquotableChars().Replace(value, "")}\"";

    public static string Comment(string text)
    {
        var clean = UnquotableChars().Replace(text, "'");
        while (Encoding.UTF8.GetByteCount(clean) > MaxCommentBytes)
        {
            clean = clean[..^1];
        }
        return $"comment \"{clean}\"";
    }

    public static string Protocol(string protocol) => protocol.ToLowerInvariant();

    public static string PortRange(int first, int last) => first == last ? $"{first}" : $"{first}-{last}";

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex UnsafeChars();

    [GeneratedRegex("[\"\\\\\\r\\n\\t]")]
    private static partial Regex UnquotableChars();
}
