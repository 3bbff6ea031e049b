using Homelab.Api.Protocol;
using Homelab.Operator;
using Microsoft.Extensions.Options;

namespace Homelab.Server.Preflight;

/// <summary>The data directory exists (or can be made) and takes a write that reaches the disk: the store cannot work otherwise.</summary>
internal sealed class DataDirCheck(IOptions<HomelabServerOptions> options) : IHostCheck
{
    public const string Name = "data-dir";

    public async Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(options.Value.DataDir);
        var probe = Path.Combine(dir, $".preflight-{Environment.ProcessId}");
        var created = false;
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            await using (var file = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
            {
                created = true;
                await file.WriteAsync("homelabd preflight\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            return [HostCheckResult.Pass(Name, $"{dir} is writable")];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [HostCheckResult.Fail(Name, $"{dir} is not writable: {e.Message}", "choose a writable --data-dir, or give the directory to root with mode 0700")];
        }
        finally
        {
            if (created)
            {
                File.Delete(probe);
            }
        }
    }
}
