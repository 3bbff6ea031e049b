using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Xunit;

namespace Homelab.Api.Tests.Merge;

public sealed class JsonCanonicalTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""", true)]
    [InlineData("""[1,2]""", """[2,1]""", false)]
    [InlineData("""{"a":1}""", """{"a":1.0}""", true)]
    [InlineData("""{"a":1}""", """{"a":"1"}""", false)]
    [InlineData("""{"a":null}""", """{}""", false)]
    [InlineData("""{"a":true}""", """{"a":false}""", false)]
    [InlineData("""{"a":"\u0041"}""", """{"a":"A"}""", true)]
    public void Deep_equality_ignores_key_order_but_not_types_or_list_order(string left, string right, bool equal) =>
        Assert.Equal(equal, JsonCanonical.DeepEquals(JsonNode.Parse(left), JsonNode.Parse(right)));

    [Fact]
    public void Canonical_text_sorts_keys_at_every_level()
    {
        var node = JsonNode.Parse("""{"b":{"z":1,"y":[{"d":1.50,"c":2}]},"a":"x"}""");
        Assert.Equal("""{"a":"x","b":{"y":[{"c":2,"d":1.5}],"z":1}}""", JsonCanonical.ToCanonicalString(node));
    }
}
