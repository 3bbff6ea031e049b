using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Http;

/// <summary>The query parameters the API understands, parsed strictly: a bad value is a 400 naming the parameter.</summary>
internal static class QueryParameters
{
    public const string DryRunAll = "All";

    /// <summary>dryRun=All: validate and admit, write nothing. Kubernetes knows no other value.</summary>
    public static bool DryRun(HttpRequest request)
    {
        var values = request.Query["dryRun"];
        if (values.Count == 0)
        {
            return false;
        }
        if (values.Count == 1 && values[0] == DryRunAll)
        {
            return true;
        }
        throw ApiException.BadRequest($"dryRun: \"{values}\" is not supported; the only value is \"All\"");
    }

    public static bool Flag(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value switch
        {
            "" or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw ApiException.BadRequest($"{name}: \"{value}\" must be true or false"),
        };
    }

    /// <summary>A resourceVersion: absent or empty is null; otherwise it must be a non-negative revision.</summary>
    public static long? ResourceVersion(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw ApiException.BadRequest($"{field}: \"{value}\" is not a resource version this server issued");
    }

    /// <summary>A whole number of seconds (timeoutSeconds); absent is null, zero or less means no limit.</summary>
    public static TimeSpan? Seconds(HttpRequest request, string name)
    {
        var value = Single(request, name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            throw ApiException.BadRequest($"{name}: \"{value}\" is not a whole number of seconds");
        }
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw ApiException.BadRequest($"{name}: given more than once"),
        };
    }
}
