using System.Globalization;
using System.Text.Json;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// Writes a list response by copying each stored object's JSON into the output as it is: the store already holds it
/// serialized, so a list costs no parsing, only copying.
/// </summary>
internal static class ListWriter
{
    // Push to the socket every so often so a long list neither sits whole in memory nor is flushed per item.
    private const int FlushThresholdBytes = 64 * 1024;

    public static async Task WriteAsync(HttpContext context, KindInfo kind, ListResult list)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ApiResponses.JsonContentType;
        var body = context.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("apiVersion", ApiGroup.ApiVersion);
        json.WriteString("kind", kind.Kind + "List");
        json.WriteStartObject("metadata");
        json.WriteString("resourceVersion", list.Revision.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            json.WriteRawValue(item.Json, skipInputValidation: true);
            if (json.BytesPending > FlushThresholdBytes)
            {
                json.Flush();
                await body.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(cancellationToken);
    }
}
