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

    public static FirewallInput Load(string name) => Parse(File.ReadAllText(Path.Combine(CaseDirectory(name), "input.yaml")), name);

    public static FirewallInput Parse(string yaml, string source = "input.yaml")
    {
        var resources = YamlManifest.Parse(yaml, source).Select(d => HomelabJson.ToResource(d.Object)).ToList();
        return FirewallInputs.FromResources(resources.OfType<Namespace>(), resources.OfType<Service>(), resources.OfType<NetworkPolicy>());
    }
}
