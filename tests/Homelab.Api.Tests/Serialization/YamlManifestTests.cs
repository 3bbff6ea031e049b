using Homelab.Api.Serialization;
using Xunit;

namespace Homelab.Api.Tests.Serialization;

public sealed class YamlManifestTests
{
    [Fact]
    public void Syntax_errors_name_the_document_and_line()
    {
        const string text = """
            apiVersion: homelab.dev/v1alpha1
            kind: Namespace
            metadata: {name: edge}
            ---
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata:
              name: web
               namespace: edge
            """;
        var e = Assert.Throws<ManifestException>(() => YamlManifest.Parse(text, "web.yaml"));
        Assert.Equal((1, 9L), (e.Document, e.Line));
        Assert.StartsWith("web.yaml (document 2, line 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_refused_with_its_index()
    {
        var e = Assert.Throws<ManifestException>(() => YamlManifest.Parse("kind: Namespace\n---\n- a list\n", "x.yaml"));
        Assert.Equal((1, 3L), (e.Document, e.Line));
        Assert.Contains("must be a mapping", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_documents_are_skipped_but_keep_their_index()
    {
        var documents = YamlManifest.Parse("---\n---\nkind: Namespace\n", "x.yaml");
        var only = Assert.Single(documents);
        Assert.Equal((1, 3L), (only.Index, only.Line));
    }

    [Fact]
    public void Plain_scalars_are_typed_by_the_yaml_core_schema_and_quoted_ones_stay_strings()
    {
        var obj = Assert.Single(YamlManifest.Parse("""
            a: 8080
            b: "8080"
            c: true
            d: null
            e: 2.5
            f: 0444
            g: "0444"
            """, "x.yaml")).Object;
        Assert.Equal("""{"a":8080,"b":"8080","c":true,"d":null,"e":2.5,"f":444,"g":"0444"}""", obj.ToJsonString());
    }

    [Fact]
    public void A_field_of_the_wrong_type_names_its_path()
    {
        var document = Assert.Single(YamlManifest.Parse("""
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: web}
            spec:
              image: caddy
              ports:
                - {containerPort: http}
            """, "x.yaml"));
        var e = Assert.Throws<ManifestException>(() => HomelabJson.ToResource(document.Object));
        Assert.Equal(("spec.ports[0].containerPort", "must be an integer"), (e.Field, e.Reason));
    }

    [Fact]
    public void An_unknown_field_is_refused_by_path()
    {
        var document = Assert.Single(YamlManifest.Parse("""
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: web}
            spec: {image: caddy, replicas: 2}
            """, "x.yaml"));
        var e = Assert.Throws<ManifestException>(() => HomelabJson.ToResource(document.Object));
        Assert.Equal("unknown field", e.Reason);
        Assert.Contains("replicas", e.Field, StringComparison.Ordinal);
    }
}
