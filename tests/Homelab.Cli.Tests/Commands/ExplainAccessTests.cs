using System.Text.Json.Nodes;
using Homelab.Cli.Commands;

namespace Homelab.Cli.Tests.Commands;

public sealed class ExplainAccessTests
{
    [Theory]
    [InlineData("web", "default/web")]
    [InlineData("media/web", "media/web")]
    [InlineData("192.168.1.10", "192.168.1.10")]
    [InlineData("host", "host")]
    public void Bare_service_names_are_taken_in_the_namespace_of_the_command(string endpoint, string expected) =>
        Assert.Equal(expected, ExplainAccessCommand.Qualify(endpoint, "default"));

    [Fact]
    public void The_answer_names_the_verdict_per_direction_and_the_deciding_policies()
    {
        var answer = JsonNode.Parse("""
            {"allowed": false, "reason": "default/db is isolated for ingress",
             "policies": ["default/db-in"],
             "egress": {"allowed": true, "isolated": false, "reason": "default/web is not isolated for egress", "rules": []},
             "ingress": {"allowed": false, "isolated": true, "reason": "no rule of default/db-in allows it", "rules": []}}
            """)!.AsObject();

        Assert.Equal(
            "Allowed:  no\nReason:   default/db is isolated for ingress\n" +
            "Egress:   allowed — default/web is not isolated for egress\nIngress:  denied — no rule of default/db-in allows it\n" +
            "Policies:\n  default/db-in\n",
            ExplainAccessCommand.Render(answer));
    }

    [Fact]
    public void The_table_entries_that_enforce_the_answer_follow_the_policies()
    {
        var answer = JsonNode.Parse("""
            {"allowed": true, "reason": "allowed", "policies": ["media/web-in ingress[0]"],
             "egress": {"allowed": true, "isolated": false, "reason": "not isolated", "rules": []},
             "ingress": {"allowed": true, "isolated": true, "reason": "allowed by media/web-in ingress[0]", "rules": ["media/web-in ingress[0]"]},
             "enforcement": ["in_flows element \"hl2\" . \"hl1\" . tcp . 8080 (media/web-in ingress[0])"]}
            """)!.AsObject();

        Assert.EndsWith(
            "Policies:\n  media/web-in ingress[0]\nEnforced by (nft):\n  in_flows element \"hl2\" . \"hl1\" . tcp . 8080 (media/web-in ingress[0])\n",
            ExplainAccessCommand.Render(answer),
            StringComparison.Ordinal);
    }
}
