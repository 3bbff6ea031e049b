using System.Globalization;
using System.Text.Json.Nodes;

namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>One change as a watch event tells it, or as a write's answer acknowledges it: enough to compare the two.</summary>
internal readonly record struct WatchedChange(string Type, string Name, long Revision)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";

    public static WatchedChange Of(string type, JsonNode obj) =>
        new(type, obj["metadata"]!["name"]!.GetValue<string>(), RevisionOf(obj));

    public static long RevisionOf(JsonNode obj) =>
        long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
