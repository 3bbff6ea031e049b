using System.CommandLine;
using Homelab.Api.Serialization;
using Homelab.Cli.Apply;
using Homelab.Translation.Export;
using Homelab.Translation.Import;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl import kubernetes -f DIR` (and `import compose`, <see cref="ImportComposeCommand"/>, and `import quadlet`, <see cref="ImportQuadletCommand"/>): Kubernetes manifests (as export writes them) back to Homelab YAML, on stdout or in
/// -o DIR, ready for hlctl apply. Needs no daemon. What is not imported is a warning on stderr.
/// </summary>
internal sealed class ImportCommand(CliContext ctx)
{
    private readonly Option<string[]> _files = new("--filename", "-f") { Description = "Kubernetes manifests: file, directory or - (stdin); repeatable" };
    private readonly Option<bool> _recursive = new("--recursive", "-R") { Description = "Descend into subdirectories of -f directories" };
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<string?> _output = new("--output-dir", "-o") { Description = "Write one file per object into this new or empty directory (default: one YAML stream on stdout)" };
    private readonly Option<string> _volumeSize = ExportCommand.VolumeSizeOption();

    public Command Build()
    {
        var kubernetes = new Command("kubernetes", "Convert Kubernetes manifests written by hlctl export kubernetes back to Homelab objects");
        kubernetes.Aliases.Add("k8s");
        foreach (var option in new Option[] { _files, _recursive, _namespace, _output, _volumeSize })
        {
            kubernetes.Add(option);
        }
        kubernetes.SetAction((r, ct) => RunAsync(r.GetValue(_files) ?? [], r.GetValue(_recursive), r.GetValue(_namespace)!, r.GetValue(_output), r.GetValue(_volumeSize)!, ct));
        var import = new Command("import", "Convert another engine's manifests to Homelab objects");
        import.Add(kubernetes);
        import.Add(new ImportComposeCommand(ctx).Build());
        import.Add(new ImportQuadletCommand(ctx).Build());
        return import;
    }

    public Task<int> RunAsync(IReadOnlyList<string> files, bool recursive, string ns, string? outputDir, string volumeSize, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        IReadOnlyList<ManifestDocument> documents;
        try
        {
            documents = await ManifestReader.ReadAsync(files, recursive, ctx.In, ct).ConfigureAwait(false);
        }
        catch (ManifestException e)
        {
            throw new CliException($"nothing was imported: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CliException(e.Message);
        }
        IReadOnlyList<ExportFile> converted;
        IReadOnlyList<ConversionWarning> warnings;
        try
        {
            (converted, warnings) = new KubernetesImporter(volumeSize).Import(documents, ns);
        }
        catch (ImportException e)
        {
            throw new CliException($"nothing was imported: {e.Message}");
        }
        foreach (var warning in warnings)
        {
            await ctx.Err.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
        }
        await ManifestOutput.WriteAsync(ctx, converted, outputDir, null, ct).ConfigureAwait(false);
        return ExitCodes.Success;
    });
}
