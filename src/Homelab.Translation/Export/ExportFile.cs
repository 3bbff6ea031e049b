using System.Text.Json.Nodes;

namespace Homelab.Translation.Export;

/// <summary>One file of an export: its path relative to the output directory and its documents, in apply order.</summary>
internal sealed record ExportFile(string Path, IReadOnlyList<JsonObject> Documents);

/// <summary>One object to convert and the file it came from (null when it came from homelabd).</summary>
internal sealed record ExportSource(Api.Resources.Resource Resource, string? File);

/// <summary>The whole export: files, the comments to print in them, and what Kubernetes could not express.</summary>
internal sealed record KubernetesExport(IReadOnlyList<ExportFile> Files, YamlComments Comments, IReadOnlyList<ConversionWarning> Warnings);
