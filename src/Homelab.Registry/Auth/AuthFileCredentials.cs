using System.Text;
using System.Text.Json;
using Homelab.Api.Values;
using Microsoft.Extensions.Logging;

namespace Homelab.Registry.Auth;

/// <summary>
/// Reads credentials from Podman/Docker auth files (<c>{"auths": {"key": {"auth": base64(user:pass)}}}</c>). Keys may name
/// a registry or a registry/namespace/repository; the most specific key wins, as in Podman. Files are read on every
/// lookup: lookups happen only when a registry challenges, and a <c>podman login</c> should apply without a restart.
/// </summary>
internal sealed partial class AuthFileCredentials(IReadOnlyList<string> files, ILogger<AuthFileCredentials> logger) : IRegistryCredentials
{
    public RegistryCredential? Find(ImageReference image)
    {
        var candidates = CandidateKeys(image);
        foreach (var file in files)
        {
            var auths = Read(file);
            if (auths is null)
            {
                continue;
            }
            foreach (var key in candidates)
            {
                if (auths.TryGetValue(key, out var credential))
                {
                    return credential;
                }
            }
        }
        return null;
    }

    /// <summary>Most specific first: registry/ns/repo, registry/ns, registry, then Docker's legacy Hub keys.</summary>
    private static List<string> CandidateKeys(ImageReference image)
    {
        var keys = new List<string>();
        var path = image.Registry + "/" + image.Repository;
        while (true)
        {
            keys.Add(path);
            var slash = path.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }
            path = path[..slash];
        }
        if (image.Registry == ImageReference.DockerHub)
        {
            keys.Add("https://index.docker.io/v1/");
            keys.Add("index.docker.io");
            keys.Add("registry-1.docker.io");
        }
        return keys;
    }

    private Dictionary<string, RegistryCredential>? Read(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var result = new Dictionary<string, RegistryCredential>(StringComparer.Ordinal);
            foreach (var entry in auths.EnumerateObject())
            {
                if (Decode(entry.Value) is { } credential)
                {
                    result[NormalizeKey(entry.Name)] = credential;
                }
            }
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            LogUnreadable(logger, ex, file);
            return null;
        }
    }

    private static RegistryCredential? Decode(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                var colon = text.IndexOf(':');
                if (colon > 0)
                {
                    return new RegistryCredential(text[..colon], text[(colon + 1)..]);
                }
            }
            catch (FormatException)
            {
                return null;
            }
        }
        if (entry.TryGetProperty("username", out var user) && entry.TryGetProperty("password", out var password)
            && user.GetString() is { Length: > 0 } u && password.GetString() is { } p)
        {
            return new RegistryCredential(u, p);
        }
        return null;
    }

    /// <summary>Docker writes keys like https://host/v1/; Podman writes host[/path].</summary>
    private static string NormalizeKey(string key)
    {
        if (key == "https://index.docker.io/v1/")
        {
            return key;
        }
        var trimmed = key;
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (trimmed.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[scheme.Length..];
            }
        }
        trimmed = trimmed.TrimEnd('/');
        if (trimmed.EndsWith("/v1", StringComparison.Ordinal) || trimmed.EndsWith("/v2", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^3];
        }
        return trimmed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring unreadable auth file {File}")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string file);
}
