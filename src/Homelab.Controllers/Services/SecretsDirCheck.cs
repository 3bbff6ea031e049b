using Homelab.Api.Protocol;
using Homelab.Operator;
using Homelab.Podman;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Services;

/// <summary>Secret files are written where no value can reach a disk: the Secrets directory must be on tmpfs.</summary>
internal sealed class SecretsDirCheck(IOptions<PodmanOptions> options) : IHostCheck
{
    public const string Name = "secrets-tmpfs";

    public Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.SecretsDir);
        var (mountPoint, fileSystem) = MountOf(directory, File.ReadAllLines("/proc/self/mountinfo"));
        IReadOnlyList<HostCheckResult> result = fileSystem == "tmpfs"
            ? [HostCheckResult.Pass(Name, $"{directory} is on tmpfs ({mountPoint})")]
            : [HostCheckResult.Fail(Name, $"{directory} is on {fileSystem} ({mountPoint}), not tmpfs: Secret values would reach a disk",
                $"mount a tmpfs there (mount -t tmpfs -o mode=0700 tmpfs {Path.GetDirectoryName(directory)}), or make sure /dev/shm is tmpfs")];
        return Task.FromResult(result);
    }

    /// <summary>The mount point and file system type of the mount holding <paramref name="path"/>, from /proc/self/mountinfo.</summary>
    internal static (string MountPoint, string FileSystem) MountOf(string path, IEnumerable<string> mountInfo)
    {
        var best = ("/", "unknown");
        foreach (var line in mountInfo)
        {
            // id parent major:minor root mount-point options [optional fields] - fstype source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length)
            {
                continue;
            }
            var mountPoint = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (inside && mountPoint.Length >= best.Item1.Length)
            {
                best = (mountPoint, fields[separator + 1]);
            }
        }
        return best;
    }
}
