using System.CommandLine;
using Homelab.Translation.Import.Compose;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl import compose [-f FILE]… [--project-name N] [--profile P]… [-n NS] [-o DIR] [--adopt]`: a Compose project, read as
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
    private readonly Option<bool> _adopt = ProjectImport.AdoptOption();

    public Command Build()
    {
        var command = new Command("compose", "Convert a Compose project (docker compose, podman-compose) to Homelab objects");
        foreach (var option in new Option[] { _files, _projectName, _profiles, _namespace, _output, _adopt })
        {
            command.Add(option);
        }
        command.SetAction((r, ct) => RunAsync(r.GetValue(_files) ?? [], r.GetValue(_projectName), r.GetValue(_profiles) ?? [], r.GetValue(_namespace), r.GetValue(_output), r.GetValue(_adopt), ct));
        return command;
    }

    public Task<int> RunAsync(IReadOnlyList<string> files, string? projectName, IReadOnlyList<string> profiles, string? ns, string? outputDir, bool adopt, CancellationToken ct) =>
        ProjectImport.RunAsync(ctx, warnings =>
        {
            var paths = files.Count > 0 ? files : ComposeLoader.Discover(Directory.GetCurrentDirectory());
            return (new ComposeLoader(ctx.Variable, warnings).Load(paths, projectName, profiles), null);
        }, ns, outputDir, adopt, ct);
}
