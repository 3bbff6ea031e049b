using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Homelab.Api.Merge;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Podman;

/// <summary>
/// Decides whether a container is current: a hash of the canonical spec JSON (key order and number spelling do not
/// matter) and the digest actually run. Equal hashes mean the container needs no change.
/// </summary>
public static class SpecHash
{
    /// <summary>
    /// How a spec becomes podman arguments (<see cref="ContainerArgs"/>). Bump it when that mapping changes, so containers
    /// created by an older homelabd are replaced instead of being taken as current.
    /// </summary>
    private const string ArgsVersion = "2";

    /// <param name="secretsHash">A keyed hash of the Secret files the container mounts (none: null), so a changed Secret replaces its consumers.</param>
    public static string Compute(ServiceSpec spec, string imageDigest, string? secretsHash = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var node = JsonSerializer.SerializeToNode(spec, HomelabJson.TypeInfo<ServiceSpec>())!.AsObject();
        // How long homelabd watches a new container before calling it Ready is not part of the container.
        node.Remove("minReadySeconds");
        var canonical = ArgsVersion + "\n" + JsonCanonical.ToCanonicalString(node) + "\n" + imageDigest + (secretsHash is null ? "" : "\n" + secretsHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }
}
