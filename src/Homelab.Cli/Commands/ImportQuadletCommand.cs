using System.CommandLine;
using Homelab.Translation.Import.Quadlet;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl import quadlet -f DIR [-n NS] [-o DIR] [--adopt]`: the .container, .network and .volume units of a quadlet
/// directory (/etc/containers/systemd) to Homelab YAML, with the same warnings as import compose. Needs no daemon.
/// </summary>
internal sealed class ImportQuadletCommand(CliContext ctx)
{
    private readonly Option<string> _directory = new("--file", "-f") { Description = "The directory of quadlet units", Required = true };
    private readonly Option<string?> _namespace = new("--namespace", "-n") { Description = "The namespace to write (default: the directory's name)" };
    private readonly Option<string?> _output = new("--output-dir", "-o") { Description = "Write one file per object into this new or empty directory (default: one YAML stream on stdout)" };
    private readonly Option<bool> _adopt = ProjectImport.AdoptOption();

    public Command Build()
    {
        var command = new Command("quadlet", "Convert Podman quadlets (.container, .network, .volume units) to Homelab objects");
        foreach (var option in new Option[] { _directory, _namespace, _output, _adopt })
        {
            command.Add(option);
        }
        command.SetAction((r, ct) => ProjectImport.RunAsync(ctx, warnings =>
        {
            var (project, fieldName) = new QuadletLoader(ctx.Variable, warnings).Load(r.GetValue(_directory)!);
            return (project, fieldName);
        }, r.GetValue(_namespace), r.GetValue(_output), r.GetValue(_adopt), ct));
        return command;
    }
}
