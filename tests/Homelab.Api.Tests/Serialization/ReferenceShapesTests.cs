using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Serialization;

/// <summary>testdata/resources.yaml is a copy of the design's reference of every field: the types must read all of it.</summary>
public sealed class ReferenceShapesTests
{
    private static IReadOnlyList<ManifestDocument> Documents() =>
        YamlManifest.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "resources.yaml")), "resources.yaml");

    [Fact]
    public void Every_kind_of_the_reference_deserializes_without_unknown_fields()
    {
        var kinds = Documents().Select(d => HomelabJson.ToResource(d.Object).Kind);
        // Secret, ImagePolicy, Issuer and Route came after the design's reference was written (issues 13, 14, 26); every kind it has is served.
        Assert.Equal(ResourceKinds.All.Where(k => k != ResourceKinds.Secret && k != ResourceKinds.ImagePolicy && k != ResourceKinds.Issuer && k != ResourceKinds.Route).Select(k => k.Kind).Order(), kinds.Order());
    }

    [Fact]
    public void Every_object_of_the_reference_is_valid()
    {
        foreach (var document in Documents())
        {
            var resource = HomelabJson.ToResource(document.Object);
            var causes = ResourceValidation.Validate(resource);
            Assert.True(causes.Count == 0, $"{resource.Kind}: " + string.Join("; ", causes.Select(c => $"{c.Field}: {c.Message}")));
        }
    }

    [Fact]
    public void Serializing_the_reference_back_loses_no_field()
    {
        foreach (var document in Documents())
        {
            var roundTripped = HomelabJson.ToNode(HomelabJson.ToResource(document.Object));
            if (!document.Object.ContainsKey("spec") && roundTripped["spec"] is JsonObject { Count: 0 })
            {
                roundTripped.Remove("spec"); // a Namespace has an empty spec, written as {}
            }
            Assert.True(JsonCanonical.DeepEquals(Normalize(document.Object), Normalize(roundTripped)),
                $"{document.Object["kind"]}: {roundTripped.ToJsonString()}");
        }
    }

    /// <summary>Timestamps are read into DateTimeOffset and written back with an offset; compare them as instants.</summary>
    private static JsonObject Normalize(JsonObject node)
    {
        var copy = (JsonObject)node.DeepClone();
        foreach (var condition in copy["status"]?["conditions"]?.AsArray() ?? [])
        {
            condition!["lastTransitionTime"] = DateTimeOffset.Parse((string)condition["lastTransitionTime"]!, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        }
        return copy;
    }
}
