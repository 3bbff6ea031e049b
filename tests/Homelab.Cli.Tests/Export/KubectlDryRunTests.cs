using Homelab.TestKit;

namespace Homelab.Cli.Tests.Export;

/// <summary>
/// kubectl 1.32 itself reads the export: `apply --dry-run=client --validate=false -R -f DIR` parses every file and maps
/// every document's kind (through <see cref="DiscoveryStandIn"/>; kubectl has no offline apply). Field types and names
/// are <see cref="KubernetesSchemaTests"/>' part: with --validate=false kubectl does not check them.
/// </summary>
public sealed class KubectlDryRunTests : IDisposable
{
    private readonly DiscoveryStandIn _server = new();
    private readonly string _home = Path.Combine(Path.GetTempPath(), "hl-kubectl-" + Guid.NewGuid().ToString("N"));

    [KubectlFact]
    public async Task Kubectl_applies_the_example_homelab_export_as_a_dry_run()
    {
        using var export = await ExampleExport.RunAsync();

        var result = await ApplyAsync(export.Directory);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var applied = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(export.Files.Sum(f => f.Text.Split("\n---\n").Length), applied.Length);
        Assert.All(applied, line => Assert.EndsWith(" created (dry run)", line, StringComparison.Ordinal));
        Assert.Contains("deployment.apps/postgres created (dry run)", applied);
        Assert.Contains("networkpolicy.networking.k8s.io/postgres-egress created (dry run)", applied);
    }

    [KubectlFact]
    public async Task Kubectl_applies_every_mapped_field_and_secrets_as_a_dry_run()
    {
        var directory = Path.Combine(_home, "sample");
        foreach (var (path, text) in Conversion.Render(Conversion.Export(Samples.All(), includeSecrets: true)))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(directory, path))!);
            await File.WriteAllTextAsync(Path.Combine(directory, path), text);
        }

        var result = await ApplyAsync(directory);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("secret/db created (dry run)", result.StandardOutput, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Kubectl_refuses_a_kind_it_does_not_know_and_a_file_it_cannot_parse()
    {
        Directory.CreateDirectory(_home);
        var unknownKind = Path.Combine(_home, "kind.yaml");
        await File.WriteAllTextAsync(unknownKind, "apiVersion: apps/v1\nkind: Deploymnt\nmetadata: {name: x, namespace: data}\n");
        var broken = Path.Combine(_home, "broken.yaml");
        await File.WriteAllTextAsync(broken, "apiVersion: v1\nkind: Service\nmetadata: {name: x\n");

        var kind = await ApplyAsync(unknownKind);
        var syntax = await ApplyAsync(broken);

        Assert.NotEqual(0, kind.ExitCode);
        Assert.Contains("no matches for kind \"Deploymnt\"", kind.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, syntax.ExitCode);
        Assert.Contains("error converting YAML to JSON", syntax.StandardError, StringComparison.Ordinal);
    }

    private async Task<HostCommandResult> ApplyAsync(string path)
    {
        Directory.CreateDirectory(_home);
        var kubeconfig = Path.Combine(_home, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, _server.Kubeconfig);
        // HOME too: kubectl caches discovery under ~/.kube/cache, which must be neither the user's nor shared between runs.
        return await HostCommand.ExecAsync(
            [KubectlFactAttribute.Path, "apply", "--dry-run=client", "--validate=false", "-R", "-f", path],
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, ["HOME"] = _home });
    }

    public void Dispose()
    {
        _server.Dispose();
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
