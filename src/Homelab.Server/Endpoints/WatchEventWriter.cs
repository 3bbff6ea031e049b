using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Server.Endpoints;

/// <summary>Writes newline-delimited watch events and pushes each one to the client at once.</summary>
internal sealed class WatchEventWriter(PipeWriter body) : IAsyncDisposable
{
    private readonly Utf8JsonWriter json = new(body);

    /// <summary>{"type":…,"object":…} with the stored object's JSON copied in as it is.</summary>
    public ValueTask WriteAsync(string type, string objectJson, CancellationToken cancellationToken)
    {
        Start(type);
        json.WriteRawValue(objectJson, skipInputValidation: true);
        return EndAsync(cancellationToken);
    }

    /// <summary>A BOOKMARK: only the kind and the revision up to which every event has been sent.</summary>
    public ValueTask WriteBookmarkAsync(KindInfo kind, long revision, CancellationToken cancellationToken)
    {
        Start(Store.WatchEventTypes.Bookmark);
        json.WriteStartObject();
        json.WriteString("apiVersion", ApiGroup.ApiVersion);
        json.WriteString("kind", kind.Kind);
        json.WriteStartObject("metadata");
        json.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndObject();
        return EndAsync(cancellationToken);
    }

    /// <summary>An ERROR event carrying a Status, after which the server ends the stream.</summary>
    public ValueTask WriteErrorAsync(Status status, CancellationToken cancellationToken)
    {
        Start(Store.WatchEventTypes.Error);
        JsonSerializer.Serialize(json, status, HomelabJson.TypeInfo<Status>());
        return EndAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => json.DisposeAsync();

    private void Start(string type)
    {
        json.Reset();
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WritePropertyName("object");
    }

    private async ValueTask EndAsync(CancellationToken cancellationToken)
    {
        json.WriteEndObject();
        json.Flush();
        body.Write("\n"u8);
        await body.FlushAsync(cancellationToken);
    }
}
