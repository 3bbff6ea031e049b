using System.CommandLine;
using Homelab.Api;

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
            if (Duration.TryParse(text, out var value))
            {
                return value;
            }
            result.AddError($"invalid --timeout \"{text}\": expected a duration such as 30s, 5m or 1h");
            return fallback;
        },
    };
}
