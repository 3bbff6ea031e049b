using Homelab.Api.Resources;

namespace Homelab.Podman;

/// <summary>
/// Everything needed to create a Service's container: the spec as the user wrote it plus what the controller resolved
/// (pinned image, network, labels, where config files live). <see cref="ContainerArgs"/> turns it into podman flags.
/// </summary>
public sealed record ContainerDefinition(
    string Name,
    string Namespace,
    string ServiceName,
    string PinnedImage,
    string Network,
    ServiceSpec Spec,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Host directory holding the rendered config files; null when the spec has none.</summary>
    public string? ConfigDir { get; init; }

    /// <summary>
    /// Host directory (on tmpfs) holding the Service's Secret files: <c>m{i}/</c> for <c>spec.secrets[i]</c> and
    /// <c>f{i}</c> for a <c>configFiles[i].fromSecret</c>; null when the spec uses no Secret.
    /// </summary>
    public string? SecretDir { get; init; }

    /// <summary>The container's fixed IP and MAC on <see cref="Network"/>; null leaves the choice to Podman.</summary>
    public ContainerAddress? Address { get; init; }

    /// <summary>Whether the host has a subordinate id range for --userns=auto.</summary>
    public bool UserNamespacesAvailable { get; init; }
}
