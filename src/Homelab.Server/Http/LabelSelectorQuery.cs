using Homelab.Api.Meta;

namespace Homelab.Server.Http;

/// <summary>The labelSelector query parameter, in kubectl's syntax (<c>a=b,c!=d,e in (x,y)</c>); a bad one is a 400.</summary>
internal static class LabelSelectorQuery
{
    public static LabelSelector? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return LabelSelectorParser.TryParse(text, out var selector, out var error)
            ? selector
            : throw ApiException.BadRequest($"labelSelector: {error}");
    }
}
