using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Homelab.Api.Serialization;
using Homelab.TestKit;
using Xunit;

namespace Homelab.Api.Tests.Serialization;

/// <summary>
/// hlctl's manifest reader against hostile input: whatever the text, a <see cref="ManifestException"/> (which hlctl prints
/// with file, document and position) or documents, never another exception, a hang or a crash. Inputs per property:
/// HLTEST_FUZZ_ITER (default 2,000; tests/reliability/run.sh --long raises it).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class YamlManifestFuzzTests
{
    private static readonly long Iterations = Fuzz.Iterations;

    /// <summary>The characters YAML gives meaning to, and some that break parsers: enough to reach every parser state.</summary>
    private static readonly Gen<string> YamlText =
        Gen.Frequency(
            (6, Gen.Char["{}[]:,-&*!|>'\"#%@`?\n \t"]),
            (4, Gen.Char['a', 'z']),
            (1, Gen.Char['0', '9']),
            (1, Gen.Char['\u0080', '\uffff']))
        .Array[0, 300].Select(chars => new string(chars));

    [Fact]
    public void Any_text_is_documents_or_a_manifest_exception() =>
        YamlText.Sample(text => ParsesOrExplains(text), iter: Iterations, print: Show);

    [Fact]
    public void Any_edit_of_a_real_manifest_is_documents_or_a_manifest_exception()
    {
        var manifest = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "resources.yaml"));
        Gen.Select(Gen.Int[0, manifest.Length], Gen.Int[0, 40], YamlText)
            .Sample((at, remove, insert) => ParsesOrExplains(manifest[..at] + insert + manifest[Math.Min(manifest.Length, at + remove)..]), iter: Iterations);
    }

    [Fact]
    public void Json_objects_read_back_equal()
    {
        var scalar = Gen.OneOf<JsonNode?>(
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Const((JsonNode?)null));
        var tree = Gen.Recursive<JsonNode?>((depth, node) => depth >= 4 ? scalar : Gen.Frequency(
            (3, scalar),
            (1, node.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items))),
            (1, Gen.Select(Gen.Char['a', 'z'].Array[1, 8].Select(c => new string(c)), node).Array[0, 4]
                .Select(pairs => (JsonNode?)new JsonObject(pairs.DistinctBy(p => p.Item1).Select(p => KeyValuePair.Create(p.Item1, p.Item2)))))));
        Gen.Select(Gen.Char['a', 'z'].Array[1, 8].Select(c => new string(c)), tree).Array[1, 6]
            .Select(pairs => new JsonObject(pairs.DistinctBy(p => p.Item1).Select(p => KeyValuePair.Create(p.Item1, p.Item2))))
            .Sample(obj =>
            {
                var read = Assert.Single(YamlManifest.Parse(obj.ToJsonString(), "fuzz.json")).Object;
                Assert.True(JsonNode.DeepEquals(obj, read), $"{obj.ToJsonString()} read back as {read.ToJsonString()}");
            }, iter: Iterations);
    }

    [Fact]
    public void An_alias_bomb_is_refused_before_it_expands()
    {
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            bomb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }
        var e = Assert.Throws<ManifestException>(() => YamlManifest.Parse(bomb.ToString(), "bomb.yaml"));
        Assert.Contains($"expands to more than {YamlManifest.MaxNodes} values", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("bomb.yaml (document 1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Deep_nesting_is_refused_without_overflowing_the_stack(string open, string close)
    {
        var depth = 100_000;
        var text = open == "- "
            ? string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i * 2) + "-\n"))
            : string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth));

        var e = Assert.Throws<ManifestException>(() => YamlManifest.Parse(text, "deep.yaml"));

        Assert.Contains($"nested deeper than {YamlManifest.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_that_nest_a_deep_value_inside_another_are_refused()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 40)) + "x" + string.Concat(Enumerable.Repeat("]", 40));
        var text = $"a: &deep {deep}\nb: &deeper {string.Concat(Enumerable.Repeat("[", 20))}*deep{string.Concat(Enumerable.Repeat("]", 20))}\nc: [{string.Concat(Enumerable.Repeat("[", 20))}*deeper{string.Concat(Enumerable.Repeat("]", 20))}]\n";

        var e = Assert.Throws<ManifestException>(() => YamlManifest.Parse(text, "aliases.yaml"));

        Assert.Contains("nested deeper than", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("? {a: b}\n: c\n", "a mapping key must be a plain string")]
    [InlineData("? [a]\n: c\n", "a mapping key must be a plain string")]
    [InlineData("a: 1\na: 2\n", "uplicate key")]
    public void Keys_that_json_cannot_hold_are_named(string text, string message) =>
        Assert.Contains(message, Assert.Throws<ManifestException>(() => YamlManifest.Parse(text, "keys.yaml")).Message, StringComparison.Ordinal);

    private static void ParsesOrExplains(string text)
    {
        try
        {
            YamlManifest.Parse(text, "fuzz.yaml");
        }
        catch (ManifestException e)
        {
            Assert.StartsWith("fuzz.yaml", e.Message, StringComparison.Ordinal);
        }
    }

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
