using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Tests;

/// <summary>Policies written as the YAML spec a user would apply.</summary>
internal static class Policies
{
    public static PolicyInput Parse(string ns, string name, string specYaml)
    {
        var indented = string.Join("\n", specYaml.Trim('\n').Split('\n').Select(l => "  " + l));
        var yaml = $"apiVersion: homelab.dev/v1alpha1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n{indented}\n";
        var policy = (NetworkPolicy)HomelabJson.ToResource(YamlManifest.Parse(yaml, name)[0].Object);
        return new PolicyInput(ns, name, policy.Spec);
    }
}
