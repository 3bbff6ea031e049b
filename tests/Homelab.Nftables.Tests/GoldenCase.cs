using System.Runtime.CompilerServices;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Tests;

/// <summary>A testdata/&lt;case&gt; directory: input.yaml (Namespaces, Services with status, NetworkPolicies) and expected.nft.</summary>
internal static class GoldenCase
{
    public static string SourceDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "testdata");

    public static IEnumerable<object[]> Names() =>
        Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "testdata"))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name! });

    public static string CaseDirectory(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", name);

    /// <summary>The case's limit of pairs per rule (file max-pairs), so a small case can show rule lines; else the default.</summary>
    public static int MaxPairs(string name)
    {
        var file = Path.Combine(CaseDirectory(name), "max-pairs");
        return File.Exists(file) ? int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture) : Rendering.RenderPass.MaxPairs;
    }

    /// <summary>The case rendered as the golden file holds it.</summary>
    public static Rendering.NftRuleset Render(string name, FirewallInput? input = null) =>
        Rendering.NftRenderer.Render(Access.AccessModel.Build(input ?? Load(name)), Rendering.NftRenderer.DefaultTableName, MaxPairs(name));

    public static FirewallInput Load(string name) => Parse(File.ReadAllText(Path.Combine(CaseDirectory(name), "input.yaml")), name);

    public static FirewallInput Parse(string yaml, string source = "input.yaml")
    {
        var resources = YamlManifest.Parse(yaml, source).Select(d => HomelabJson.ToResource(d.Object)).ToList();
        return FirewallInputs.FromResources(resources.OfType<Namespace>(), resources.OfType<Service>(), resources.OfType<NetworkPolicy>());
    }
}
