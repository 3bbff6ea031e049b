using System.Text.Json;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Http;

/// <summary>Writes API answers: stored JSON as it is, DTOs with the one JSON dialect, errors as Status objects.</summary>
internal static class ApiResponses
{
    public const string JsonContentType = "application/json";

    /// <summary>Writes already-serialized JSON without parsing it again.</summary>
    public static Task WriteRawJsonAsync(HttpContext context, int statusCode, string json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = JsonContentType;
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public static Task WriteJsonAsync<T>(HttpContext context, int statusCode, T value)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = JsonContentType;
        return JsonSerializer.SerializeAsync(context.Response.Body, value, HomelabJson.TypeInfo<T>(), context.RequestAborted);
    }

    public static Status Failure(int code, string reason, string message, IReadOnlyList<StatusCause>? causes = null, Store.ObjectKey? involved = null) => new()
    {
        Code = code,
        Reason = reason,
        Message = message,
        Details = causes is { Count: > 0 } || involved is not null
            ? new StatusDetails { Causes = causes is { Count: > 0 } ? [.. causes] : null, Kind = involved?.Kind, Name = involved?.Name }
            : null,
    };

    public static Task WriteStatusAsync(HttpContext context, Status status) => WriteJsonAsync(context, status.Code, status);

    /// <summary>Admission's warnings, one <see cref="WarningHeader"/> each; before the body is written, as headers must be.</summary>
    public static void AddWarnings(HttpContext context, IEnumerable<Store.WriteResult> results)
    {
        foreach (var warning in results.SelectMany(r => r.Warnings))
        {
            context.Response.Headers.Append(WarningHeader.Name, WarningHeader.Format(warning));
        }
    }
}
