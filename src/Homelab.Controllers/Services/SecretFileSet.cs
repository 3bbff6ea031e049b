using System.Security.Cryptography;
using System.Text;
using Homelab.Api.Resources;

namespace Homelab.Controllers.Services;

/// <summary>
/// The Secret files one Service mounts, resolved from its spec and the Secrets of its namespace: relative path (m{i}/… for
/// spec.secrets[i], f{i} for configFiles[i].fromSecret), mode and bytes, with the owner they are written for.
/// </summary>
internal sealed class SecretFileSet
{
    private const string DefaultMode = "0400";

    private SecretFileSet(IReadOnlyList<SecretFile> files, long uid, long gid)
    {
        Files = files;
        Uid = uid;
        Gid = gid;
    }

    public IReadOnlyList<SecretFile> Files { get; }

    public long Uid { get; }

    public long Gid { get; }

    public bool IsEmpty => Files.Count == 0;

    /// <summary>What the spec asks for, or the missing Secret or key in a sentence that names no value.</summary>
    public static SecretFileSet Resolve(Service service, Func<string, Secret?> find, out string? missing)
    {
        missing = null;
        var spec = service.Spec;
        var files = new List<SecretFile>();
        Secret? Find(string name, ref string? problem)
        {
            var secret = find(name);
            problem ??= secret is null ? $"secret \"{name}\" not found in namespace {service.Namespace}" : null;
            return secret;
        }
        for (var i = 0; i < (spec.Secrets?.Count ?? 0); i++)
        {
            var mount = spec.Secrets![i];
            if (Find(mount.Name, ref missing) is not { } secret)
            {
                continue;
            }
            var data = secret.Data ?? [];
            var items = mount.Items ?? [.. data.Keys.Order(StringComparer.Ordinal).Select(k => new SecretItem { Key = k, Path = k })];
            foreach (var item in items)
            {
                if (!data.TryGetValue(item.Key, out var value))
                {
                    missing ??= $"secret \"{mount.Name}\" has no key \"{item.Key}\" (spec.secrets[{i}].items)";
                    continue;
                }
                files.Add(new SecretFile($"m{i}/{item.Path}", Mode(item.Mode ?? mount.DefaultMode), Convert.FromBase64String(value)));
            }
        }
        for (var i = 0; i < (spec.ConfigFiles?.Count ?? 0); i++)
        {
            if (spec.ConfigFiles![i].FromSecret is not { } selector || Find(selector.Name, ref missing) is not { } secret)
            {
                continue;
            }
            if ((secret.Data ?? []).TryGetValue(selector.Key, out var value))
            {
                files.Add(new SecretFile($"f{i}", Mode(spec.ConfigFiles[i].Mode), Convert.FromBase64String(value)));
            }
            else
            {
                missing ??= $"secret \"{selector.Name}\" has no key \"{selector.Key}\" (spec.configFiles[{i}].fromSecret)";
            }
        }
        var uid = spec.SecurityContext?.RunAsUser ?? 0;
        return new SecretFileSet(files, uid, spec.SecurityContext?.RunAsGroup ?? 0);
    }

    /// <summary>
    /// An HMAC of everything written (paths, modes, owner, bytes) under <paramref name="key"/>: it names the version
    /// directory and goes into the container's spec hash and labels, where podman inspect shows it, so a plain hash
    /// would let anyone who sees it test guesses of a weak password offline.
    /// </summary>
    public string Hash(byte[] key)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{Uid}:{Gid}\n"));
        foreach (var file in Files)
        {
            hmac.AppendData(Encoding.UTF8.GetBytes($"{file.Path}\n{file.Mode}\n{file.Content.Length}\n"));
            hmac.AppendData(file.Content);
        }
        return Convert.ToHexStringLower(hmac.GetHashAndReset())[..16];
    }

    private static UnixFileMode Mode(string? octal) => (UnixFileMode)Convert.ToInt32(octal ?? DefaultMode, 8);
}

/// <summary>One file: where under the Service's Secret directory, with which mode, holding what.</summary>
internal sealed record SecretFile(string Path, UnixFileMode Mode, byte[] Content);
