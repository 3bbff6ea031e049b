using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Tests.Export;

namespace Homelab.Cli.Tests.Import;

/// <summary>The example homelab through the real commands: export -o DIR, then import -f DIR, gives back equal specs.</summary>
public sealed class ExamplesRoundTripTests
{
    [Fact]
    public async Task The_example_homelab_imports_back_to_equal_specs_but_its_Update_and_ImagePolicies()
    {
        using var export = await ExampleExport.RunAsync();
        var cli = new ExportCli();

        Assert.Equal(ExitCodes.Success, await cli.RunAsync("import", "kubernetes", "-f", export.Directory, "-R"));

        var imported = YamlManifest.Parse(cli.Out.ToString(), "import").Select(d => HomelabJson.ToResource(d.Object)).ToList();
        var original = Directory.EnumerateFiles(RepositoryPaths.Examples, "*.yaml", SearchOption.AllDirectories)
            .SelectMany(f => YamlManifest.Parse(File.ReadAllText(f), f)).Select(d => HomelabJson.ToResource(d.Object)).ToList();
        // UpdatePolicies are Keel annotations in Kubernetes; import names them in a warning instead of guessing a policy
        // back. ImagePolicies are not exported at all, only named in warnings.
        var expected = original.Where(r => r is not (UpdatePolicy or ImagePolicy)).ToDictionary(Key, Canonical.Of);
        Assert.Equal(expected.Keys.Order(), imported.Select(Key).Order());
        Assert.All(imported, r => Assert.Equal(expected[Key(r)], Canonical.Of(r)));
        Assert.Contains("Deployment media/jellyfin: metadata.annotations[keel.sh/", cli.Err.ToString(), StringComparison.Ordinal);
    }

    private static string Key(Resource r) => $"{r.Kind} {r.Namespace}/{r.Name}";
}
