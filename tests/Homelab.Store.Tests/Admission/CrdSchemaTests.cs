using System.Text.Json.Nodes;
using Homelab.Api.Serialization;

namespace Homelab.Store.Tests.Admission;

/// <summary>
/// Generated from crds/: for every kind, every field a schema marks required is dropped in turn from a valid sample, and
/// every field of the sample is given a value of another type; the store must refuse each with 422 naming that field,
/// as kube-apiserver does from the same CRDs. Cases come from walking the schemas, so a new field or kind is covered
/// without a new test (a kind needs a sample in testdata/crd-samples.yaml, which the test asks for).
/// </summary>
public sealed class CrdSchemaTests
{
    private const string SampleNamespace = "samples";

    public static TheoryData<string> Kinds => new(Crds().Select(c => c.Kind));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_required_field_is_refused_when_missing_naming_the_field(string kind)
    {
        var (schema, sample) = SchemaAndSample(kind);
        using var h = Harness();
        var cases = new List<(JsonObject Parent, string Path, string Field)>();
        Walk(schema, sample, "", (node, nodeSchema, path) =>
        {
            foreach (var field in (nodeSchema["required"] as JsonArray ?? []).Select(f => (string)f!))
            {
                Assert.True(node.ContainsKey(field), $"the {kind} sample must hold {Join(path, field)} (required by crds/), so its absence can be tested");
                cases.Add((node, path, field));
            }
        });
        Assert.Equal(RequiredLocations(schema), cases.Select(c => Schematic(Join(c.Path, c.Field))).ToHashSet().Order(StringComparer.Ordinal));

        foreach (var (parent, path, field) in cases)
        {
            var value = parent[field];
            parent.Remove(field);
            var refused = Refusal(h, kind, sample);
            parent[field] = value;
            AssertNames(refused, Join(path, field), $"{kind} without {Join(path, field)}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_field_of_the_wrong_type_is_refused_naming_the_field(string kind)
    {
        var (schema, sample) = SchemaAndSample(kind);
        using var h = Harness();
        var cases = new List<(JsonObject Parent, string Path, string Field, JsonNode Wrong)>();
        Walk(schema, sample, "", (node, nodeSchema, path) =>
        {
            foreach (var (field, fieldSchema) in nodeSchema["properties"] as JsonObject ?? [])
            {
                // The identity fields are the HTTP layer's to check (400, as kube-apiserver), metadata ObjectMeta's.
                if (path.Length == 0 && field is "apiVersion" or "kind" or "metadata" or "status")
                {
                    continue;
                }
                if (node.ContainsKey(field) && WrongValue((JsonObject)fieldSchema!) is { } wrong)
                {
                    cases.Add((node, path, field, wrong));
                }
            }
        });
        Assert.NotEmpty(cases);

        foreach (var (parent, path, field, wrong) in cases)
        {
            var value = parent[field];
            parent[field] = wrong;
            var refused = Refusal(h, kind, sample);
            parent[field] = value;
            AssertNames(refused, Join(path, field), $"{kind} with {wrong.ToJsonString()} as {Join(path, field)}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_sample_itself_is_admitted(string kind)
    {
        var (_, sample) = SchemaAndSample(kind);
        using var h = Harness();

        var created = h.Store.Commit([Mutation.Create(KeyOf(kind, sample), sample)], dryRun: true)[0];

        Assert.Equal(WriteOutcome.Created, created.Outcome);
        Assert.DoesNotContain(h.Store.List(kind).Items, o => o.Key.Name == created.Object.Key.Name);
    }

    private static StoreHarness Harness()
    {
        var h = StoreHarness.Create(onDisk: false);
        // Privileged, so the sample's LAN attachment and device pass the security levels and only the schema decides.
        var ns = new JsonObject
        {
            ["apiVersion"] = "homelab.dev/v1alpha1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = SampleNamespace, ["labels"] = new JsonObject { ["homelab.dev/enforce"] = "privileged" } },
        };
        h.Store.Commit([Mutation.Create(new ObjectKey("Namespace", "", SampleNamespace), ns)]);
        return h;
    }

    /// <summary>Visits every object of the sample together with its schema (status and metadata aside: status is not written on create, metadata is ObjectMeta's).</summary>
    private static void Walk(JsonObject schema, JsonNode? node, string path, Action<JsonObject, JsonObject, string> visit)
    {
        switch (node)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                visit(obj, schema, path);
                foreach (var (name, child) in properties)
                {
                    if (path.Length == 0 && name is "status" or "metadata")
                    {
                        continue;
                    }
                    Walk((JsonObject)child!, obj[name], Join(path, name), visit);
                }
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(items, array[i], $"{path}[{i}]", visit);
                }
                break;
        }
    }

    /// <summary>Every place a schema lists required fields (outside status), as "spec.ports[].containerPort".</summary>
    private static IEnumerable<string> RequiredLocations(JsonObject schema)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        void Visit(JsonObject s, string path)
        {
            foreach (var field in (s["required"] as JsonArray ?? []).Select(f => (string)f!))
            {
                found.Add(Join(path, field));
            }
            foreach (var (name, child) in s["properties"] as JsonObject ?? [])
            {
                if (!(path.Length == 0 && name is "status" or "metadata"))
                {
                    Visit((JsonObject)child!, Join(path, name));
                }
            }
            if (s["items"] is JsonObject items)
            {
                Visit(items, path + "[]");
            }
        }
        Visit(schema, "");
        return found;
    }

    /// <summary>A value no field of this schema takes; null for int-or-string and free-form fields, which take anything.</summary>
    private static JsonNode? WrongValue(JsonObject schema)
    {
        if (schema["x-kubernetes-int-or-string"] is not null || schema["x-kubernetes-preserve-unknown-fields"] is not null)
        {
            return null;
        }
        return (string?)schema["type"] switch
        {
            "string" => JsonValue.Create(12345),
            "integer" or "number" or "boolean" or "array" => JsonValue.Create("not-this-type"),
            "object" => JsonValue.Create("not-an-object"),
            _ => null,
        };
    }

    private static StoreException Refusal(StoreHarness h, string kind, JsonObject sample)
    {
        var before = h.Store.Revision;
        var e = Assert.Throws<StoreException>(() => h.Store.Commit([Mutation.Create(KeyOf(kind, sample), (JsonObject)sample.DeepClone())], dryRun: true));
        Assert.Equal(before, h.Store.Revision);
        return e;
    }

    private static void AssertNames(StoreException refused, string field, string what)
    {
        Assert.True(refused.Code == 422, $"{what}: expected 422, got {refused.Code} {refused.Message}");
        Assert.True(
            refused.Causes?.Any(c => c.Field == field || c.Field.StartsWith(field + ".", StringComparison.Ordinal) || c.Field.StartsWith(field + "[", StringComparison.Ordinal)) == true,
            $"{what}: no cause names {field}: {refused.Message}");
    }

    private static string Join(string path, string field) => path.Length == 0 ? field : path + "." + field;

    private static string Schematic(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "[]");

    private static ObjectKey KeyOf(string kind, JsonObject sample) =>
        new(kind, (string?)sample["metadata"]?["namespace"] ?? "", (string)sample["metadata"]!["name"]!);

    private static (JsonObject Schema, JsonObject Sample) SchemaAndSample(string kind)
    {
        var schema = Crds().Single(c => c.Kind == kind).Schema;
        var samples = YamlManifest.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "crd-samples.yaml")), "crd-samples.yaml");
        var sample = samples.Select(d => d.Object).FirstOrDefault(o => (string?)o["kind"] == kind);
        Assert.True(sample is not null, $"testdata/crd-samples.yaml has no {kind}: add a valid one that holds every object crds/ gives required fields");
        return (schema, sample);
    }

    private static IEnumerable<(string Kind, JsonObject Schema)> Crds() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "crds"), "*.yaml").Order(StringComparer.Ordinal).Select(path =>
        {
            var crd = YamlManifest.Parse(File.ReadAllText(path), path)[0].Object;
            return ((string)crd["spec"]!["names"]!["kind"]!, crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject());
        });
}
