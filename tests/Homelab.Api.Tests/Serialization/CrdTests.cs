using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Xunit;

namespace Homelab.Api.Tests.Serialization;

/// <summary>crds/ describes the API for other tools; these tests keep it from drifting away from the C# types.</summary>
public sealed class CrdTests
{
    public static TheoryData<string> Kinds => new(ResourceKinds.All.Select(k => k.Kind));

    private static JsonObject Crd(KindInfo kind)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "crds", kind.Plural + ".yaml");
        return Assert.Single(YamlManifest.Parse(File.ReadAllText(path), path)).Object;
    }

    private static JsonObject Schema(JsonObject crd) => crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Names_and_scope_match_the_kind(string kindName)
    {
        var kind = ResourceKinds.ByKind(kindName)!;
        var crd = Crd(kind);
        var names = crd["spec"]!["names"]!;
        Assert.Equal($"{kind.Plural}.{ApiGroup.Group}", (string?)crd["metadata"]!["name"]);
        Assert.Equal(ApiGroup.Group, (string?)crd["spec"]!["group"]);
        Assert.Equal(ApiGroup.Version, (string?)crd["spec"]!["versions"]![0]!["name"]);
        Assert.Equal((kind.Kind, kind.Plural, kind.Singular), ((string?)names["kind"], (string?)names["plural"], (string?)names["singular"]));
        Assert.Equal(kind.ShortNames, names["shortNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(kind.Namespaced ? "Namespaced" : "Cluster", (string?)crd["spec"]!["scope"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Spec_and_status_schemas_match_the_json_of_the_types(string kindName)
    {
        var kind = ResourceKinds.ByKind(kindName)!;
        var properties = Schema(Crd(kind))["properties"]!.AsObject();
        var problems = new List<string>();
        foreach (var (name, type) in OwnFields(kind))
        {
            if (properties[name] is JsonObject schema)
            {
                Compare(type, schema, name, problems);
            }
            else
            {
                problems.Add($"{name}: in the type but not in the CRD");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_schema_node_has_a_description(string kindName)
    {
        var kind = ResourceKinds.ByKind(kindName)!;
        var missing = new List<string>();
        foreach (var (name, _) in OwnFields(kind))
        {
            FindUndescribed(Schema(Crd(kind))["properties"]![name]!.AsObject(), name, missing);
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void A_drifted_schema_is_caught()
    {
        var spec = Schema(Crd(ResourceKinds.Service))["properties"]!["spec"]!.AsObject();
        spec["properties"]!["ports"]!["items"]!["properties"]!.AsObject().Remove("hostIP");
        spec["properties"]!["workingDir"]!["type"] = "integer";
        var problems = new List<string>();
        Compare(typeof(ServiceSpec), spec, "spec", problems);
        Assert.Equal(["spec.ports[].hostIP: in the type but not in the CRD", "spec.workingDir: CRD type integer, JSON type string"], problems.Order());
    }

    /// <summary>spec and status; for a kind shaped as Kubernetes' Secret, its top-level fields but the envelope.</summary>
    private static IEnumerable<(string Name, Type Type)> OwnFields(KindInfo kind) =>
        HomelabJson.Options.GetTypeInfo(kind.ClrType).Properties
            .Where(p => p.Set is not null && p.Name is not ("apiVersion" or "kind" or "metadata"))
            .Select(p => (p.Name, p.PropertyType));

    private static void Compare(Type type, JsonObject schema, string path, List<string> problems)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(IntOrString))
        {
            if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() != true)
            {
                problems.Add($"{path}: expected x-kubernetes-int-or-string");
            }
            return;
        }
        var info = HomelabJson.Options.GetTypeInfo(underlying);
        var expected = info.Kind switch
        {
            JsonTypeInfoKind.Object => "object",
            JsonTypeInfoKind.Dictionary => "object",
            JsonTypeInfoKind.Enumerable => "array",
            _ => ScalarType(underlying),
        };
        var actual = (string?)schema["type"];
        if (actual != expected)
        {
            problems.Add($"{path}: CRD type {actual}, JSON type {expected}");
            return;
        }
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                Compare(info.ElementType!, schema["items"]!.AsObject(), path + "[]", problems);
                break;
            case JsonTypeInfoKind.Dictionary:
                if (schema["additionalProperties"] is not JsonObject values)
                {
                    problems.Add($"{path}: a map needs additionalProperties");
                }
                else
                {
                    Compare(info.ElementType!, values, path + "{}", problems);
                }
                break;
            case JsonTypeInfoKind.Object:
                var declared = schema["properties"]?.AsObject() ?? [];
                var members = info.Properties.Where(p => p.Get is not null).ToDictionary(p => p.Name, p => p.PropertyType);
                foreach (var name in members.Keys.Except(declared.Select(p => p.Key)))
                {
                    problems.Add($"{path}.{name}: in the type but not in the CRD");
                }
                foreach (var name in declared.Select(p => p.Key).Except(members.Keys))
                {
                    problems.Add($"{path}.{name}: in the CRD but not in the type");
                }
                foreach (var (name, memberType) in members.Where(m => declared.ContainsKey(m.Key)))
                {
                    Compare(memberType, declared[name]!.AsObject(), $"{path}.{name}", problems);
                }
                break;
        }
    }

    private static string ScalarType(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(DateTimeOffset) => "string",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(double) || type == typeof(decimal) => "number",
        _ => $"unmapped {type.Name}",
    };

    private static void FindUndescribed(JsonObject schema, string path, List<string> missing)
    {
        if (schema["description"] is null)
        {
            missing.Add(path);
        }
        foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
        {
            FindUndescribed(child!.AsObject(), $"{path}.{name}", missing);
        }
        if (schema["items"] is JsonObject items && items["properties"] is not null)
        {
            FindUndescribed(items, path + "[]", missing);
        }
    }
}
