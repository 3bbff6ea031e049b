using System.Text.Json.Nodes;
using Homelab.Cli.Waiting;

namespace Homelab.Cli.Tests.Commands;

public sealed class WaitConditionTests
{
    private static JsonObject WithReady(string status, long generation, long observed) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web", ["generation"] = generation },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = status, ["observedGeneration"] = observed }),
        },
    };

    [Fact]
    public void Ready_true_for_the_current_generation_is_met() =>
        Assert.True(WaitCondition.Parse("condition=Ready").IsMet(WithReady("True", 2, 2)));

    [Fact]
    public void Ready_true_for_an_older_generation_is_not_met() =>
        Assert.False(WaitCondition.Parse("condition=Ready").IsMet(WithReady("True", 3, 2)));

    [Fact]
    public void An_explicit_status_value_is_compared_case_insensitively() =>
        Assert.True(WaitCondition.Parse("condition=ready=false").IsMet(WithReady("False", 1, 1)));

    [Fact]
    public void Delete_is_met_only_when_the_object_is_gone()
    {
        var condition = WaitCondition.Parse("delete");

        Assert.True(condition.IsMet(null));
        Assert.False(condition.IsMet(WithReady("True", 1, 1)));
    }

    [Theory]
    [InlineData("Ready")]
    [InlineData("condition=")]
    [InlineData("jsonpath={.status}")]
    public void Unknown_forms_are_refused_with_the_accepted_ones(string text)
    {
        var error = Assert.Throws<CliException>(() => WaitCondition.Parse(text));
        Assert.Contains("--for=condition=Ready", error.Message, StringComparison.Ordinal);
    }
}
