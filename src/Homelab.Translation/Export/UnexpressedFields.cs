using System.Text.Json.Nodes;

namespace Homelab.Translation.Export;

/// <summary>
/// The parts of a Service spec that Kubernetes has no field for, copied verbatim from the spec into the Deployment's
/// homelab.dev/unexpressed annotation: the warning tells the user, the annotation lets import bring them back.
/// </summary>
internal sealed class UnexpressedFields(JsonObject spec)
{
    public JsonObject Fields { get; } = new();

    /// <summary>Keeps the spec's value at a dotted path such as "resources.pids".</summary>
    public void Keep(string path)
    {
        var parts = path.Split('.');
        JsonNode? from = spec;
        var to = Fields;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            from = from?[parts[i]];
            if (to[parts[i]] is not JsonObject next)
            {
                to[parts[i]] = next = new JsonObject();
            }
            to = next;
        }
        to[parts[^1]] = from?[parts[^1]]?.DeepClone();
    }
}
