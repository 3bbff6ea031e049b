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
    public static string Compute(ServiceSpec spec, string imageDigest)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var node = JsonSerializer.SerializeToNode(spec, HomelabJson.Options);
        var canonical = JsonCanonical.ToCanonicalString(node) + "\n" + imageDigest;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }
}
