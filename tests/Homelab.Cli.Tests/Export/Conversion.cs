using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Translation.Export;
using Homelab.Translation.Import;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Tests.Export;

/// <summary>Export and import as the commands run them, in memory: objects → YAML files → objects.</summary>
internal static class Conversion
{
    public static KubernetesExport Export(IEnumerable<Resource> resources, bool includeSecrets = false) =>
        new KubernetesExporter(KubernetesConventions.DefaultVolumeSize, includeSecrets)
            .Export([.. resources.Select(r => new ExportSource(r, "generated.yaml"))]);

    /// <summary>Each file as the export writes it, by its path.</summary>
    public static IReadOnlyDictionary<string, string> Render(KubernetesExport export) =>
        export.Files.ToDictionary(f => f.Path, f => ManifestOutput.Render(f.Documents, export.Comments), StringComparer.Ordinal);

    /// <summary>The rendered files read back as import reads them.</summary>
    public static (IReadOnlyList<Resource> Resources, IReadOnlyList<ConversionWarning> Warnings) Import(IReadOnlyDictionary<string, string> files)
    {
        var documents = files.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => YamlManifest.Parse(f.Value, f.Key)).ToList();
        var (converted, warnings) = new KubernetesImporter(KubernetesConventions.DefaultVolumeSize).Import(documents, "default");
        return ([.. converted.SelectMany(f => f.Documents).Select(HomelabJson.ToResource)], warnings);
    }
}
