using Homelab.Api.Meta;
using Xunit;

namespace Homelab.Api.Tests.Meta;

public sealed class LabelSelectorParserTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["env"] = "prod" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app = web , tier=front", true)]
    [InlineData("app!=web", false)]
    [InlineData("app!=db", true)]
    [InlineData("app in (web,db)", true)]
    [InlineData("app in (db, cache)", false)]
    [InlineData("app notin (db)", true)]
    [InlineData("env notin (prod,staging)", false)]
    [InlineData("app", true)]
    [InlineData("app=", false)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("app=web,app=db", false)]
    [InlineData("app,tier=front,!legacy,env in (prod)", true)]
    public void Parsed_selectors_match_as_kubectl_would(string text, bool matches) =>
        Assert.Equal(matches, LabelSelectorParser.Parse(text).Matches(Labels));

    [Fact]
    public void Equality_becomes_match_labels_and_the_rest_match_expressions()
    {
        var selector = LabelSelectorParser.Parse("app=web,tier notin (back),!legacy");
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, selector.MatchLabels);
        Assert.Equal(
            [("tier", SelectorOperators.NotIn, "back"), ("legacy", SelectorOperators.DoesNotExist, "")],
            selector.MatchExpressions!.Select(e => (e.Key, e.Operator, string.Join(",", e.Values ?? []))));
    }

    [Fact]
    public void A_key_that_begins_with_in_is_not_an_operator()
    {
        var selector = LabelSelectorParser.Parse("inbox");
        Assert.Equal(SelectorOperators.Exists, Assert.Single(selector.MatchExpressions!).Operator);
    }

    [Theory]
    [InlineData("app=(x)", "expected ',' between requirements at position 5")]
    [InlineData("app in (web", "expected ',' or ')' in the set of values at the end")]
    [InlineData("app in web", "expected '(' to start the set of values at position 8")]
    [InlineData("app=web,", "expected a requirement after ','")]
    [InlineData("app ~ web", "expected one of =, ==, !=, in, notin or ',' after the key at position 5")]
    [InlineData("Bad Key=x", "expected one of")]
    [InlineData("app=we b", "expected ',' between requirements at position 8")]
    [InlineData("app=-web", "value \"-web\" at position 5 must be a label value")]
    [InlineData("a/b/c=x", "key \"a/b/c\" at position 1")]
    [InlineData("=x", "expected a label key at position 1")]
    public void Errors_say_what_was_expected_and_where(string text, string message)
    {
        Assert.False(LabelSelectorParser.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
