using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Xunit;

namespace Homelab.Api.Tests.Merge;

/// <summary>RFC 6902: every example of its Appendix A (A.1–A.16), then what the RFC says around them.</summary>
public sealed class JsonPatchTests
{
    public static TheoryData<string, string, string, string> RfcExamples => new()
    {
        { "A.1 adding an object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""" },
        { "A.2 adding an array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""" },
        { "A.3 removing an object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""" },
        { "A.4 removing an array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""" },
        { "A.5 replacing a value", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""" },
        {
            "A.6 moving a value",
            """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""",
            """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
            """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"""
        },
        { "A.7 moving an array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""" },
        {
            "A.8 testing a value: success",
            """{"baz":"qux","foo":["a",2,"c"]}""",
            """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""",
            """{"baz":"qux","foo":["a",2,"c"]}"""
        },
        { "A.10 adding a nested member object", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""" },
        { "A.11 ignoring unrecognized elements", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""" },
        { "A.14 ~ escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""" },
        { "A.16 adding an array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""" },
        { "copy", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""" },
        { "replace the whole document", """{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""" },
        { "add replaces an existing member", """{"a":1}""", """[{"op":"add","path":"/a","value":2}]""", """{"a":2}""" },
        { "a key holding a slash", """{"a/b":1}""", """[{"op":"replace","path":"/a~1b","value":2}]""", """{"a/b":2}""" },
    };

    public static TheoryData<string, string, string> RfcErrors => new()
    {
        { "A.9 testing a value: error", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""" },
        { "A.12 adding to a nonexistent target", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""" },
        { "A.15 comparing strings and numbers", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""" },
        { "remove of a missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]""" },
        { "replace of a missing member", """{"a":1}""", """[{"op":"replace","path":"/b","value":2}]""" },
        { "an index past the end", """{"a":[1]}""", """[{"op":"add","path":"/a/2","value":2}]""" },
        { "an index with a leading zero", """{"a":[1,2]}""", """[{"op":"remove","path":"/a/01"}]""" },
        { "a path that is no pointer", """{"a":1}""", """[{"op":"remove","path":"a"}]""" },
        { "move into its own child", """{"a":{"b":{}}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""" },
        { "an unknown op", """{"a":1}""", """[{"op":"merge","path":"/a","value":2}]""" },
        { "add without a value", """{"a":1}""", """[{"op":"add","path":"/b"}]""" },
        { "an operation that is not an object", """{"a":1}""", """["add"]""" },
    };

    [Theory]
    [MemberData(nameof(RfcExamples))]
    public void Applies_as_the_rfc_says(string example, string document, string patch, string expected)
    {
        var target = JsonNode.Parse(document);

        var result = JsonPatch.Apply(target, JsonNode.Parse(patch)!.AsArray());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"{example}: {result?.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), target), $"{example}: the target was changed");
    }

    [Theory]
    [MemberData(nameof(RfcErrors))]
    public void Refuses_as_the_rfc_says(string example, string document, string patch)
    {
        var e = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)!.AsArray()));

        Assert.True(e.Operation == 0, example);
    }

    [Fact]
    public void A_failing_operation_applies_none_of_the_patch()
    {
        var target = JsonNode.Parse("""{"a":1}""");
        var patch = JsonNode.Parse("""[{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":3}]""")!.AsArray();

        var e = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(target, patch));

        Assert.Equal(1, e.Operation);
        Assert.Equal(1, (int)target!["a"]!);
    }
}
