using System.Text;
using Homelab.Api.Resources;
using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>
/// Renders a Service's configFiles into its own host directory, verbatim, with the requested mode. Files are rewritten
/// only when their content or mode differs, so an unchanged reconcile touches nothing.
/// </summary>
internal static class ConfigFileWriter
{
    public static string DirectoryFor(string dataDir, string uid) => Path.Combine(dataDir, "config", uid);

    public static async Task WriteAsync(string directory, IReadOnlyList<ConfigFile> files, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var path = Path.Combine(directory, PodmanNames.ConfigFile(i, files[i].MountPath));
            wanted.Add(path);
            var bytes = Encoding.UTF8.GetBytes(files[i].Content);
            var mode = ParseMode(files[i].Mode);
            if (!File.Exists(path) || !(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(bytes))
            {
                var temporary = path + ".tmp";
                await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, mode);
                }
                File.Move(temporary, path, overwrite: true);
            }
            else if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        foreach (var stale in Directory.EnumerateFiles(directory).Where(f => !wanted.Contains(f)))
        {
            File.Delete(stale);
        }
    }

    public static void Delete(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>"0444" → r--r--r--; validation already refused anything that is not octal.</summary>
    private static UnixFileMode ParseMode(string? mode) =>
        (UnixFileMode)Convert.ToInt32(string.IsNullOrEmpty(mode) ? "0444" : mode, 8);
}
