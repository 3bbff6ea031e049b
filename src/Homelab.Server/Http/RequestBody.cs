using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Serialization;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Http;

/// <summary>Reads request bodies: checks the media type, parses strictly, and insists on a JSON object.</summary>
internal static class RequestBody
{
    public const string Json = "application/json";
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The body as a JSON object; 415 when the Content-Type is not <paramref name="mediaType"/>, 400 when it is not an object.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, string mediaType)
    {
        RequireMediaType(context, mediaType);
        var node = await JsonNode.ParseAsync(context.Request.Body, documentOptions: DocumentOptions, cancellationToken: context.RequestAborted);
        return node as JsonObject ?? throw ApiException.BadRequest($"request body must be a JSON object, not {Describe(node)}");
    }

    /// <summary>A PATCH body: its media type (<see cref="MergePatch"/> or <see cref="JsonPatch"/>) and the document, an object or an array of operations.</summary>
    public static async Task<(string MediaType, JsonNode Patch)> ReadPatchAsync(HttpContext context)
    {
        var mediaType = RequireMediaType(context, MergePatch, JsonPatch);
        var node = await JsonNode.ParseAsync(context.Request.Body, documentOptions: DocumentOptions, cancellationToken: context.RequestAborted);
        return mediaType == JsonPatch
            ? (JsonPatch, node as JsonArray ?? throw ApiException.BadRequest($"a JSON patch must be an array of operations, not {Describe(node)}"))
            : (MergePatch, node as JsonObject ?? throw ApiException.BadRequest($"request body must be a JSON object, not {Describe(node)}"));
    }

    /// <summary>The body deserialized as <typeparamref name="T"/> with the API's strict dialect (unknown fields are errors).</summary>
    public static async Task<T> ReadAsync<T>(HttpContext context) where T : class
    {
        RequireMediaType(context, Json);
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, HomelabJson.TypeInfo<T>(), context.RequestAborted)
                ?? throw ApiException.BadRequest("request body must be a JSON object, not null");
        }
        catch (JsonException e) when (e.Path is { Length: > 1 })
        {
            throw ApiException.BadRequest($"request body: {e.Path.TrimStart('$').TrimStart('.')}: {e.Message}");
        }
    }

    private static string RequireMediaType(HttpContext context, params string[] expected)
    {
        var contentType = context.Request.ContentType;
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        return expected.FirstOrDefault(e => string.Equals(mediaType, e, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiException.UnsupportedMediaType(contentType is null
                ? $"Content-Type is missing; this request needs {string.Join(" or ", expected)}"
                : $"Content-Type \"{contentType}\" is not supported here; use {string.Join(" or ", expected)}");
    }

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };
}
