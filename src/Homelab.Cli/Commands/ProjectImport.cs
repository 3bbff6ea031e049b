using System.CommandLine;
using Homelab.Cli.Adopt;
using Homelab.Translation.Export;
using Homelab.Translation.Import;
using Homelab.Translation.Import.Compose;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>
/// What `import compose` and `import quadlet` share once their files are read as a <see cref="ComposeProject"/>:
/// the import, the warnings on stderr, the files written, and with --adopt the plan for the containers running today.
/// </summary>
internal static class ProjectImport
{
    public static Option<bool> AdoptOption() => new("--adopt")
    {
        Description = "Compare each Service with the container of the same name running under Podman today and print what would change and how to hand it over (needs -o)",
    };

    public static Task<int> RunAsync(CliContext ctx, Func<List<ConversionWarning>, (ComposeProject Project, Func<string, string>? FieldName)> load, string? ns, string? outputDir, bool adopt, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        if (adopt && outputDir is null)
        {
            throw new CliException("--adopt prints its plan on stdout: give -o DIR for the objects");
        }
        var warnings = new List<ConversionWarning>();
        ComposeImport imported;
        try
        {
            var (project, fieldName) = load(warnings);
            imported = ComposeImporter.Import(project, ns, warnings, fieldName);
        }
        catch (ImportException e)
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
        if (adopt)
        {
            await AdoptionPlan.WriteAsync(ctx.Out, ctx.Containers, imported.Services, imported.Namespace, outputDir!, ct).ConfigureAwait(false);
        }
        return ExitCodes.Success;
    });
}
