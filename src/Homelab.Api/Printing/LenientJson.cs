using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Api.Printing;

/// <summary>
/// Typed views of what the daemon sends, for printing. Unlike manifests, server output may carry fields this hlctl does
/// not know (a newer daemon), so unknown members are skipped instead of rejected.
/// </summary>
public static class LenientJson
{
    private static readonly JsonSerializerOptions Options = new(HomelabJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    public static T To<T>(JsonObject node) where T : Resource => node.Deserialize(HomelabJson.TypeInfo<T>(Options))!;
}
