using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Tests.Export;

namespace Homelab.Cli.Tests.Import.Compose;

/// <summary>
/// What a Compose or quadlet import writes uses only fields that map both ways: each golden case's expected objects,
/// exported to Kubernetes and imported back, are equal to themselves (labels, annotations, secrets as files, health
/// checks, resources, security contexts and the NetworkPolicies included).
/// </summary>
public sealed class ComposeKubernetesRoundTripTests
{
    public static TheoryData<string> Cases() => ComposeGoldenTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_imported_project_exports_to_kubernetes_and_imports_back_to_equal_objects(string name)
    {
        var work = Directory.CreateTempSubdirectory("hltest-compose-k8s-").FullName;
        var expected = Path.Combine(work, "homelab");
        var k8s = Path.Combine(work, "k8s");
        try
        {
            // The golden files write the case's directory as $CASE; here it is the path again, as the import wrote it.
            var golden = Path.Combine(ComposeImportRun.TestData, name, "expected");
            foreach (var file in Directory.EnumerateFiles(golden, "*.yaml", SearchOption.AllDirectories))
            {
                var target = Path.Combine(expected, Path.GetRelativePath(golden, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, File.ReadAllText(file).Replace("$CASE", Path.GetDirectoryName(golden), StringComparison.Ordinal));
            }
            var export = new ExportCli();
            Assert.True(await export.RunAsync("export", "kubernetes", "-f", expected, "-R", "--include-secrets", "-o", k8s) == ExitCodes.Success, export.Err.ToString());
            var import = new ExportCli();
            Assert.True(await import.RunAsync("import", "kubernetes", "-f", k8s, "-R") == ExitCodes.Success, import.Err.ToString());

            var back = YamlManifest.Parse(import.Out.ToString(), "import").Select(d => HomelabJson.ToResource(d.Object)).ToDictionary(Key, Canonical.Of);
            var original = Directory.EnumerateFiles(expected, "*.yaml", SearchOption.AllDirectories)
                .SelectMany(f => YamlManifest.Parse(File.ReadAllText(f), f)).Select(d => HomelabJson.ToResource(d.Object)).ToDictionary(Key, Canonical.Of);
            Assert.Equal(original.Keys.Order(StringComparer.Ordinal), back.Keys.Order(StringComparer.Ordinal));
            Assert.All(original, o => Assert.Equal(o.Value, back[o.Key]));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Key(Resource r) => $"{r.Kind} {r.Namespace}/{r.Name}";
}
