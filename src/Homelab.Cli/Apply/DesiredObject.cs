using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Apply;

/// <summary>
/// One document of an apply: <see cref="Manifest"/> is the object as the user wrote it (namespace and applyset label filled
/// in), <see cref="Desired"/> the same with the last-applied annotation added — what a create sends.
/// </summary>
internal sealed record DesiredObject(KindInfo Kind, ObjectRef Ref, ManifestDocument Document, JsonObject Manifest, JsonObject Desired)
{
    public string Display => $"{Kind.Singular}/{Ref.Name}";
}
