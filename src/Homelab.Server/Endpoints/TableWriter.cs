using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Printing;
using Homelab.Api.Resources;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// meta.k8s.io/v1 Table answers, which kubectl asks for (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>)
/// and prints as they come: the columns are hlctl's own (<see cref="KindColumns"/>), the wide ones at priority 1 (shown
/// by -o wide), and each row carries what <c>?includeObject=</c> asks for: by default (Metadata) its object's metadata,
/// from which kubectl takes NAMESPACE for -A and the labels for --show-labels; Object the whole object (kubectl asks for
/// it to --sort-by a field of spec or status, and it is what `get -o yaml` prints anyway); None nothing.
/// </summary>
internal static class TableWriter
{
    /// <summary>What each row's "object" holds.</summary>
    internal enum Include
    {
        None,
        Metadata,
        Object,
    }

    public const string ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /// <summary>Whether the client's Accept header asks for a Table (kubectl lists it first, with plain JSON as fallback).</summary>
    public static bool Requested(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept)
        {
            foreach (var range in (accept ?? "").Split(','))
            {
                var parameters = range.Split(';', StringSplitOptions.TrimEntries);
                if (parameters.Contains("as=Table") && parameters.Contains("g=meta.k8s.io") && parameters.Contains("v=v1"))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>?includeObject=None|Metadata|Object, Metadata when absent (as kube-apiserver); another value is a 400.</summary>
    public static Include IncludeOf(HttpRequest request) => QueryParameters.Single(request, "includeObject") switch
    {
        null or "" or "Metadata" => Include.Metadata,
        "Object" => Include.Object,
        "None" => Include.None,
        var other => throw ApiException.BadRequest($"includeObject: \"{other}\" is not one of None, Metadata, Object"),
    };

    public static Task WriteAsync(HttpContext context, KindInfo kind, IEnumerable<StoredObject> items, long revision, DateTimeOffset now)
    {
        var include = IncludeOf(context.Request);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(Render(kind, items, revision, now, include), context.RequestAborted);
    }

    public static string Render(KindInfo kind, IEnumerable<StoredObject> items, long revision, DateTimeOffset now, Include include)
    {
        var columns = KindColumns.For(kind);
        var narrow = columns.Headers(wide: false).Count;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "Table");
            json.WriteString("apiVersion", "meta.k8s.io/v1");
            json.WriteStartObject("metadata");
            json.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartArray("columnDefinitions");
            var headers = columns.Headers(wide: true);
            for (var i = 0; i < headers.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("name", headers[i]);
                json.WriteString("type", "string");
                json.WriteString("format", i == 0 ? "name" : "");
                json.WriteString("description", "");
                json.WriteNumber("priority", i < narrow ? 0 : 1);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("rows");
            foreach (var item in items)
            {
                var node = item.ToNode();
                json.WriteStartObject();
                json.WriteStartArray("cells");
                foreach (var cell in columns.Cells(node, wide: true, now))
                {
                    json.WriteStringValue(cell);
                }
                json.WriteEndArray();
                if (include == Include.Object)
                {
                    json.WritePropertyName("object");
                    json.WriteRawValue(item.Json, skipInputValidation: true);
                }
                else if (include == Include.Metadata)
                {
                    json.WriteStartObject("object");
                    json.WriteString("kind", "PartialObjectMetadata");
                    json.WriteString("apiVersion", "meta.k8s.io/v1");
                    json.WritePropertyName("metadata");
                    (node["metadata"] ?? new JsonObject()).WriteTo(json);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
