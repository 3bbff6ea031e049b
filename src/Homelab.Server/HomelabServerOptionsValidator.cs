using Microsoft.Extensions.Options;

namespace Homelab.Server;

internal sealed class HomelabServerOptionsValidator : IValidateOptions<HomelabServerOptions>
{
    // sockaddr_un.sun_path is 108 bytes including the terminating NUL.
    private const int MaxSocketPathBytes = 107;

    public ValidateOptionsResult Validate(string? name, HomelabServerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add("--data-dir: must not be empty");
        }
        if (string.IsNullOrWhiteSpace(options.SocketPath))
        {
            failures.Add("--socket: must not be empty");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(Path.GetFullPath(options.SocketPath)) > MaxSocketPathBytes)
        {
            failures.Add($"--socket: \"{options.SocketPath}\" is longer than the {MaxSocketPathBytes} bytes a Unix socket path may have");
        }
        if (options.Listen is not null && !Kubernetes.ListenAddress.TryParse(options.Listen, out _, out var listenProblem))
        {
            failures.Add($"--listen: {listenProblem}");
        }
        if (options.SocketGroup is { Length: 0 })
        {
            failures.Add("--socket-group: must not be empty when given");
        }
        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("MaxRequestBodyBytes: must be positive");
        }
        if (options.WatchBookmarkInterval <= TimeSpan.Zero)
        {
            failures.Add("WatchBookmarkInterval: must be positive");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(options.Instance, "^[a-z][a-z0-9-]{0,30}$"))
        {
            failures.Add($"--instance: \"{options.Instance}\" must be lowercase letters, digits and '-', starting with a letter, at most 31 characters");
        }
        if (options.ResyncPeriod < TimeSpan.Zero)
        {
            failures.Add("--resync-period: must not be negative");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
