using System.CommandLine;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Values;
using Homelab.Cli.Apply;
using Homelab.Translation.Export;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl export kubernetes`: the homelab as Kubernetes manifests, read from homelabd (-n, -A) or from files (-f), written
/// to -o DIR or stdout. Every field Kubernetes cannot express is a warning on stderr; the exit code stays 0.
/// </summary>
internal sealed class ExportCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<bool> _all = CommonOptions.AllNamespaces();
    private readonly Option<string?> _output = new("--output-dir", "-o") { Description = "Write one file per object into this new or empty directory (default: one YAML stream on stdout)" };
    private readonly Option<string[]> _files = new("--filename", "-f") { Description = "Export these Homelab manifests (file, directory or -) instead of what homelabd holds" };
    private readonly Option<bool> _recursive = new("--recursive", "-R") { Description = "Descend into subdirectories of -f directories" };
    private readonly Option<string> _volumeSize = VolumeSizeOption();
    private readonly Option<bool> _includeSecrets = new("--include-secrets") { Description = "Write Secrets with their values into the manifests (left out otherwise, each named in a warning)" };

    public Command Build()
    {
        var kubernetes = new Command("kubernetes", "Export Services, NetworkPolicies, Namespaces, UpdatePolicies and (with --include-secrets) Secrets as Kubernetes manifests");
        kubernetes.Aliases.Add("k8s");
        foreach (var option in new Option[] { _namespace, _all, _output, _files, _recursive, _volumeSize, _includeSecrets })
        {
            kubernetes.Add(option);
        }
        kubernetes.SetAction((r, ct) => RunAsync(
            new ExportRequest(r.GetValue(socket), r.GetValue(_namespace)!, r.GetValue(_all), r.GetValue(_output), r.GetValue(_files) ?? [], r.GetValue(_recursive), r.GetValue(_volumeSize)!, r.GetValue(_includeSecrets)),
            ct));
        var export = new Command("export", "Convert the homelab for another engine");
        export.Add(kubernetes);
        return export;
    }

    public Task<int> RunAsync(ExportRequest request, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        if (request.AllNamespaces && request.Files.Count > 0)
        {
            throw new CliException("-A reads from homelabd; with -f every object in the files is exported");
        }
        var sources = request.Files.Count > 0 ? await ReadFilesAsync(request, ct).ConfigureAwait(false) : await ReadDaemonAsync(request, ct).ConfigureAwait(false);
        var export = new KubernetesExporter(request.VolumeSize, request.IncludeSecrets).Export(sources);
        foreach (var warning in export.Warnings)
        {
            await ctx.Err.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
        }
        await ManifestOutput.WriteAsync(ctx, export.Files, request.OutputDir, export.Comments, ct).ConfigureAwait(false);
        return ExitCodes.Success;
    });

    private async Task<IReadOnlyList<ExportSource>> ReadFilesAsync(ExportRequest request, CancellationToken ct)
    {
        const string outcome = "nothing was exported";
        try
        {
            var documents = await ManifestReader.ReadAsync(request.Files, request.Recursive, ctx.In, ct).ConfigureAwait(false);
            var desired = ManifestLoader.Load(documents, request.Namespace, applySet: null, outcome);
            ManifestLoader.Validate(desired, outcome);
            return [.. desired.Select(d => new ExportSource(HomelabJson.ToResource(d.Manifest), d.Document.Source))];
        }
        catch (ManifestException e)
        {
            throw new CliException($"{outcome}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CliException(e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException(e.Message);
        }
    }

    private async Task<IReadOnlyList<ExportSource>> ReadDaemonAsync(ExportRequest request, CancellationToken ct)
    {
        using var client = ctx.Connect(request.Socket);
        var ns = request.AllNamespaces ? null : request.Namespace;
        var sources = new List<ExportSource>();
        foreach (var kind in ResourceKinds.All)
        {
            var list = await client.ListAsync(kind, kind.Namespaced ? ns : null, null, ct).ConfigureAwait(false);
            // With -n only that namespace's own Namespace object comes along (ImagePolicies, which span namespaces, all do).
            var items = list.Items.Where(o => kind != ResourceKinds.Namespace || ns is null || JsonText.Name(o) == ns);
            sources.AddRange(items.Select(o => new ExportSource(HomelabJson.ToResource(o), null)));
        }
        return sources;
    }

    /// <summary>Shared with import, which leaves out the size annotation where a claim has this size.</summary>
    internal static Option<string> VolumeSizeOption()
    {
        var option = new Option<string>("--volume-size")
        {
            Description = $"Size of a named volume's claim unless its Service says {KubernetesConventions.VolumeSizePrefix}VOLUME: SIZE",
            DefaultValueFactory = _ => KubernetesConventions.DefaultVolumeSize,
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !Quantity.TryParse(result.Tokens[0].Value, out _, out var error))
            {
                result.AddError($"invalid --volume-size: {error}");
            }
        });
        return option;
    }
}

internal sealed record ExportRequest(string? Socket, string Namespace, bool AllNamespaces, string? OutputDir, IReadOnlyList<string> Files, bool Recursive, string VolumeSize, bool IncludeSecrets);
