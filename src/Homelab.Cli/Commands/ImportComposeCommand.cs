using System.CommandLine;
using Homelab.Cli.Export;
using Homelab.Cli.Import.Compose;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl import compose [-f FILE]… [--project-name N] [--profile P]… [-n NS] [-o DIR]`: a Compose project, read as
/// Compose reads it, to Homelab YAML. Needs no daemon. What does not carry over is a warning on stderr; secret values
/// go into the Secrets written and are never printed.
/// </summary>
internal sealed class ImportComposeCommand(CliContext ctx)
{
    private readonly Option<string[]> _files = new("--file", "-f") { Description = "Compose files, merged in order (default: compose.yaml or docker-compose.yml and its override in the current directory)" };
    private readonly Option<string?> _projectName = new("--project-name", "-p") { Description = "The project name (default: COMPOSE_PROJECT_NAME, the top-level name, else the directory's name)" };
    private readonly Option<string[]> _profiles = new("--profile") { Description = "Enable the services of this profile; repeatable" };
    private readonly Option<string?> _namespace = new("--namespace", "-n") { Description = "The namespace to write (default: the project name)" };
    private readonly Option<string?> _output = new("--output-dir", "-o") { Description = "Write one file per object into this new or empty directory (default: one YAML stream on stdout)" };

    public Command Build()
    {
        var command = new Command("compose", "Convert a Compose project (docker compose, podman-compose) to Homelab objects");
        foreach (var option in new Option[] { _files, _projectName, _profiles, _namespace, _output })
        {
            command.Add(option);
        }
        command.SetAction((r, ct) => RunAsync(r.GetValue(_files) ?? [], r.GetValue(_projectName), r.GetValue(_profiles) ?? [], r.GetValue(_namespace), r.GetValue(_output), ct));
        return command;
    }

    public Task<int> RunAsync(IReadOnlyList<string> files, string? projectName, IReadOnlyList<string> profiles, string? ns, string? outputDir, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var warnings = new List<ConversionWarning>();
        ComposeImport imported;
        try
        {
            var paths = files.Count > 0 ? files : ComposeLoader.Discover(Directory.GetCurrentDirectory());
            var project = new ComposeLoader(ctx.Variable, warnings).Load(paths, projectName, profiles);
            imported = ComposeImporter.Import(project, ns, warnings);
        }
        catch (ComposeException e)
        {
            throw new CliException($"nothing was imported: {e.Message}");
        }
        catch (Api.Serialization.ManifestException e)
        {
            throw new CliException($"nothing was imported: {e.Message}");
        }
        if (outputDir is null && imported.Files.Any(f => f.Documents.Any(d => (string?)d["kind"] == Api.Resources.ResourceKinds.Secret.Kind)))
        {
            throw new CliException("nothing was imported: the project has secrets; give -o DIR, so their values go into files and never to the terminal");
        }
        foreach (var warning in warnings)
        {
            await ctx.Err.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
        }
        await ManifestOutput.WriteAsync(ctx, imported.Files, outputDir, null, ct).ConfigureAwait(false);
        return ExitCodes.Success;
    });
}
