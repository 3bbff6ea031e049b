using System.Text.Json.Nodes;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Tests.Printing;

public sealed class JsonPathTemplateTests
{
    private static readonly JsonNode List = JsonNode.Parse("""
        {"kind": "List", "items": [
          {"metadata": {"name": "a"}, "status": {"url": "https://a.home.arpa/", "ca": "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n", "ports": [80, 443]}},
          {"metadata": {"name": "b"}, "status": {}},
          {"metadata": {"name": "c"}, "status": {"url": "https://c.home.arpa/"}}
        ]}
        """)!;

    private static string Render(string template, JsonNode? root = null)
    {
        Assert.True(JsonPathTemplate.TryParse(template, out var parsed, out var error), error);
        return parsed.Render(root ?? List);
    }

    [Fact]
    public void A_string_field_prints_as_it_is_with_its_line_breaks() =>
        Assert.Equal("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n", Render("{.status.ca}", List["items"]![0]));

    [Fact]
    public void A_wildcard_prints_every_present_value_separated_by_a_space() =>
        Assert.Equal("https://a.home.arpa/ https://c.home.arpa/", Render("{.items[*].status.url}"));

    [Fact]
    public void Literal_text_quoted_strings_and_indexes_combine() =>
        Assert.Equal("first=a port=443\n", Render("first={.items[0].metadata.name} port={$.items[0].status.ports[1]}{\"\\n\"}"));

    [Fact]
    public void Non_string_values_print_as_json_and_missing_ones_as_nothing() =>
        Assert.Equal("[80,443]|", Render("{.items[0].status.ports}|{.items[1].status.url}{.items[9].metadata}"));

    [Theory]
    [InlineData("{range .items[*]}{.metadata.name}{end}", "no range")]
    [InlineData("{.items[?(@.x)]}", "no range, filters or slices")]
    [InlineData("{.items[0:2]}", "no range, filters or slices")]
    [InlineData("{.items[x]}", "\"[x]\" is not [N] or [*]")]
    [InlineData("{.status.url", "unclosed '{' at position 0")]
    public void What_it_cannot_read_is_refused_with_the_reason(string template, string reason)
    {
        Assert.False(JsonPathTemplate.TryParse(template, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
