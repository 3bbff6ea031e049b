using System.CommandLine;
using System.Globalization;
using Homelab.Api;
using Homelab.Api.Values;

namespace Homelab.Cli.Commands;

/// <summary>Options several commands share, created per command because a symbol belongs to one parent.</summary>
internal static class CommonOptions
{
    public static Option<string?> Socket() => new("--socket")
    {
        Description = "Path of the homelabd API socket (default: $HOMELAB_SOCKET, else /run/homelab/homelab.sock)",
        Recursive = true,
    };

    public static Option<string> Namespace() => new("--namespace", "-n")
    {
        Description = "The namespace",
        DefaultValueFactory = _ => ApiGroup.DefaultNamespace,
    };

    public static Option<bool> AllNamespaces() => new("--all-namespaces", "-A")
    {
        Description = "List across all namespaces",
    };

    public static Option<TimeSpan> Timeout(TimeSpan fallback) => new("--timeout")
    {
        Description = "How long to wait, e.g. 30s, 5m",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            // kubectl reads a bare number of seconds too; otherwise a Go duration, as every duration field of the API.
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (Duration.TryParse(text, out var value, out var error))
            {
                return value;
            }
            result.AddError($"invalid --timeout: {error}");
            return fallback;
        },
    };
}
