// TEMPORARY until api merges: minimal stand-ins, delete on merge.
namespace Homelab.Api.Merge
{
    using System.Text.Json.Nodes;
    internal static class ThreeWayMerge
    {
        public static JsonObject Compute(JsonObject? lastApplied, JsonObject live, JsonObject desired) => throw new NotImplementedException();
    }
    internal static class JsonCanonical
    {
        public static bool DeepEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);
    }
}
