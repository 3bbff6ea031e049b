using System.Text.Json.Nodes;
using Homelab.Api.Serialization;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Tests.Printing;

public sealed class YamlOutputTests
{
    [Fact]
    public void Strings_that_would_read_back_as_other_types_are_quoted()
    {
        var yaml = YamlOutput.Write(JsonNode.Parse("""{"a": "true", "b": "8080", "c": "", "d": "null", "e": "plain", "f": 8080, "g": true, "h": "1.5"}"""));

        Assert.Equal("a: \"true\"\nb: \"8080\"\nc: \"\"\nd: \"null\"\ne: plain\nf: 8080\ng: true\nh: \"1.5\"\n", yaml);
    }

    [Fact]
    public void Output_reads_back_to_the_same_json()
    {
        var original = JsonNode.Parse("""
            {"apiVersion": "homelab.dev/v1alpha1", "kind": "Service",
             "metadata": {"name": "web", "labels": {}, "annotations": {"note": "yes"}},
             "spec": {"image": "nginx:1.27", "command": ["sh", "-c", "echo: hi"], "env": [{"name": "A", "value": "0"}],
                      "configFiles": [{"mountPath": "/etc/x.conf", "content": "line one\nline: two\n"}], "ports": []}}
            """);

        var roundTrip = YamlManifest.Parse(YamlOutput.Write(original), "test").Single().Object;

        Assert.True(JsonNode.DeepEquals(original, roundTrip), YamlOutput.Write(original));
    }
}
