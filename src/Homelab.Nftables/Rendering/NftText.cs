using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// Quoting and naming: everything user-written reaches nft only through these. They run for every Service and rule, and
/// the text is nearly always clean already, so each checks that first and only cleans (with a regex) when it has to.
/// </summary>
internal static partial class NftText
{
    /// <summary>nft keeps at most 128 bytes of a rule comment.</summary>
    private const int MaxCommentBytes = 127;

    private static readonly SearchValues<char> SafeNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
    private static readonly SearchValues<char> Unquotable = SearchValues.Create("\"\\\r\n\t");

    /// <summary>A chain or set name from parts; DNS-1123 names pass through, anything else is made safe.</summary>
    public static string Name(params ReadOnlySpan<string> parts)
    {
        // Built in a pooled buffer: every rule, policy and isolation chain has a name or two.
        var name = new DefaultInterpolatedStringHandler(parts.Length, parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                name.AppendLiteral("_");
            }
            name.AppendFormatted(SafeName(parts[i]));
        }
        return name.ToStringAndClear();
    }

    /// <summary>A quoted string (interface names); nft strings cannot hold quotes or backslashes.</summary>
    public static string Quote(string value) => $"\"{(value.AsSpan().ContainsAny(Unquotable) ? UnquotableChars().Replace(value, "") : value)}\"";

    public static string Comment(string text)
    {
        var clean = text.AsSpan().ContainsAny(Unquotable) ? UnquotableChars().Replace(text, "'") : text;
        while (Encoding.UTF8.GetByteCount(clean) > MaxCommentBytes)
        {
            clean = clean[..^1];
        }
        return $"comment \"{clean}\"";
    }

    public static string Protocol(string protocol) => protocol.ToLowerInvariant();

    public static string PortRange(int first, int last) => first == last ? $"{first}" : $"{first}-{last}";

    private static string SafeName(string part) =>
        part.AsSpan().ContainsAnyExcept(SafeNameChars) ? UnsafeChars().Replace(part.ToLowerInvariant(), "-") : part;

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex UnsafeChars();

    [GeneratedRegex("[\"\\\\\\r\\n\\t]")]
    private static partial Regex UnquotableChars();
}
