using System.Text.RegularExpressions;
using Homelab.Api.Values;

namespace Homelab.Api.Security;

/// <summary>
/// A registry host, or host/repository prefix, as containers-policy.json scopes it: "ghcr.io", "127.0.0.1:5000/homelab".
/// A scope covers an image whose registry/repository equals it or lies below it at a '/' boundary.
/// </summary>
public static partial class ImageScope
{
    public const string Rule = "must be a registry host, optionally with a repository prefix (ghcr.io, 127.0.0.1:5000/homelab): no scheme, tag, digest or trailing '/'";

    public static bool IsValid(string scope) =>
        !string.IsNullOrEmpty(scope) && ScopePattern().IsMatch(scope) && !ImageReference.IsShortName(scope + "/x");

    public static bool Covers(string scope, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(image);
        var name = image.Name;
        return name == scope || name.StartsWith(scope + "/", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$")]
    private static partial Regex ScopePattern();
}
