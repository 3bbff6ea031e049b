using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Xunit;

namespace Homelab.Api.Tests.Merge;

public sealed class JsonMergePatchTests
{
    /// <summary>The examples of RFC 7386, appendix A.</summary>
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Follows_the_rfc_7386_examples(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));
        Assert.True(JsonCanonical.DeepEquals(JsonNode.Parse(expected), result), result?.ToJsonString() ?? "null");
    }

    [Fact]
    public void The_target_is_not_modified()
    {
        var target = JsonNode.Parse("""{"a":{"b":1}}""");
        JsonMergePatch.Apply(target, JsonNode.Parse("""{"a":{"b":2}}"""));
        Assert.Equal("""{"a":{"b":1}}""", target!.ToJsonString());
    }

    [Fact]
    public void Diff_produces_a_patch_that_turns_one_object_into_the_other()
    {
        var from = JsonNode.Parse("""{"a":1,"b":{"c":2,"d":3},"e":[1]}""")!.AsObject();
        var to = JsonNode.Parse("""{"b":{"c":2,"d":4},"e":[1,2],"f":"new"}""")!.AsObject();
        var patch = JsonMergePatch.Diff(from, to);
        Assert.Equal("""{"a":null,"b":{"d":4},"e":[1,2],"f":"new"}""", JsonCanonical.ToCanonicalString(patch));
        Assert.True(JsonCanonical.DeepEquals(to, JsonMergePatch.Apply(from, patch)));
    }
}
