using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Controllers.Images;

/// <summary>
/// The containers-policy.json one verified pull runs under: the image's repository may be pulled only when every
/// requirement's keys verify it (simple signing, GPG); everything else is rejected. Its hash names it, so an unchanged
/// policy is written once and a verdict can be remembered against it.
/// </summary>
internal sealed class SignaturePolicyFile
{
    private readonly string _repository;
    private readonly IReadOnlyList<string> _keys;

    private SignaturePolicyFile(string repository, IReadOnlyList<string> keys)
    {
        _repository = repository;
        _keys = keys;
        var identity = repository + "\n" + string.Join("\n", keys);
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }

    public string Hash { get; }

    public static SignaturePolicyFile For(ImageReference image, IReadOnlyList<(string Policy, SignatureRequirement Requirement)> requirements)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(requirements);
        return new SignaturePolicyFile(image.Name, [.. requirements.Select(r => r.Requirement.SignedBy!.KeyData)]);
    }

    /// <summary>Writes the policy and its key files under <paramref name="root"/>/{hash}/ (0700), once; returns the policy's path.</summary>
    public string Write(string root)
    {
        var directory = Path.Combine(root, Hash);
        var policy = Path.Combine(directory, "policy.json");
        if (File.Exists(policy))
        {
            return policy;
        }
        Directory.CreateDirectory(root);
        var staging = $"{directory}.tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        for (var i = 0; i < _keys.Count; i++)
        {
            File.WriteAllText(Path.Combine(staging, KeyFile(i)), _keys[i]);
        }
        File.WriteAllBytes(Path.Combine(staging, "policy.json"), Render(directory));
        try
        {
            Directory.Move(staging, directory);
        }
        catch (IOException) when (File.Exists(policy))
        {
            // Another worker wrote the same policy first: same hash, same content.
            Directory.Delete(staging, recursive: true);
        }
        return policy;
    }

    private byte[] Render(string directory)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("default");
            json.WriteStartObject();
            json.WriteString("type", "reject");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("transports");
            json.WriteStartObject("docker");
            json.WriteStartArray(_repository);
            for (var i = 0; i < _keys.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("type", "signedBy");
                json.WriteString("keyType", "GPGKeys");
                json.WriteString("keyPath", Path.Combine(directory, KeyFile(i)));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string KeyFile(int index) => $"key-{index}.asc";
}
