namespace Homelab.Api.Protocol;

/// <summary>An event as the API returns it (GET …/events, GET …/namespaces/{ns}/events?kind=Service&amp;name=web).</summary>
public sealed class EventInfo
{
    public InvolvedObject InvolvedObject { get; set; } = new();
    /// <summary>Normal or Warning.</summary>
    public string Type { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Message { get; set; } = "";
    public string Source { get; set; } = "";
    public int Count { get; set; }
    public DateTimeOffset FirstTimestamp { get; set; }
    public DateTimeOffset LastTimestamp { get; set; }
}

public sealed class InvolvedObject
{
    public string Kind { get; set; } = "";
    public string? Namespace { get; set; }
    public string Name { get; set; } = "";
    public string? Uid { get; set; }
}

public sealed class EventList
{
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;
    public string Kind { get; set; } = "EventList";
    public List<EventInfo> Items { get; set; } = [];
}
