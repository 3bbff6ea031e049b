using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Homelab.Cli.Adopt;

/// <summary>
/// `podman container inspect` and `podman image inspect`, read with JsonNode (no reflection, so hlctl stays AOT).
/// Podman 4 writes Config.Entrypoint as one space-joined string and Podman 5 as a list; both are read.
/// </summary>
internal sealed class PodmanInspector : IContainerInspector
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<RunningContainer?> InspectAsync(string name, CancellationToken cancellationToken)
    {
        if (await InspectAsync(["container", "inspect", name], cancellationToken).ConfigureAwait(false) is not { } container)
        {
            return null;
        }
        var config = container["Config"];
        var host = container["HostConfig"];
        var image = (string?)container["ImageName"] ?? (string?)config?["Image"] ?? "";
        var defaults = await InspectAsync(["image", "inspect", (string?)container["Image"] ?? image], cancellationToken).ConfigureAwait(false);
        return new RunningContainer(name, (string?)container["State"]?["Status"] ?? "", image)
        {
            Entrypoint = Words(config?["Entrypoint"]),
            Cmd = Words(config?["Cmd"]),
            Env = Env(config?["Env"]),
            WorkingDir = (string?)config?["WorkingDir"] ?? "",
            User = (string?)config?["User"] ?? "",
            ReadOnlyRootFilesystem = (bool?)host?["ReadonlyRootfs"] ?? false,
            Privileged = (bool?)host?["Privileged"] ?? false,
            CapAdd = [.. (host?["CapAdd"] as JsonArray ?? []).Select(c => (string?)c).OfType<string>()],
            Ports = Ports(host?["PortBindings"] as JsonObject),
            Mounts = [.. (container["Mounts"] as JsonArray ?? []).OfType<JsonObject>().Select(m => new ContainerMount(
                (string?)m["Type"] ?? "", (string?)m["Name"], (string?)m["Source"], (string?)m["Destination"] ?? "", (bool?)m["RW"] == false))],
            Defaults = new ImageDefaults
            {
                Entrypoint = Words(defaults?["Config"]?["Entrypoint"]),
                Cmd = Words(defaults?["Config"]?["Cmd"]),
                Env = Env(defaults?["Config"]?["Env"]),
                WorkingDir = (string?)defaults?["Config"]?["WorkingDir"] ?? "",
            },
        };
    }

    /// <summary>The first object of podman's JSON array, or null when podman knows no such object (exit 125).</summary>
    private static async Task<JsonObject?> InspectAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new CliException($"--adopt reads containers with podman, which did not start: {e.Message}");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new CliException($"podman {string.Join(' ', arguments)} did not answer within {Timeout.TotalSeconds:0} s");
            }
            if (process.ExitCode != 0)
            {
                var message = (await error.ConfigureAwait(false)).Trim();
                return message.Contains("no such", StringComparison.OrdinalIgnoreCase)
                    ? null
                    : throw new CliException($"podman {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {message}");
            }
            return JsonNode.Parse(await output.ConfigureAwait(false)) is JsonArray { Count: > 0 } list ? list[0] as JsonObject : null;
        }
    }

    private static List<string> Words(JsonNode? node) => node switch
    {
        JsonArray list => [.. list.Select(w => (string?)w).OfType<string>()],
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [.. ((string)v!).Split(' ', StringSplitOptions.RemoveEmptyEntries)],
        _ => [],
    };

    private static Dictionary<string, string> Env(JsonNode? node)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (node as JsonArray ?? []).Select(e => (string?)e).OfType<string>())
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            env[eq < 0 ? pair : pair[..eq]] = eq < 0 ? "" : pair[(eq + 1)..];
        }
        return env;
    }

    private static List<PublishedPort> Ports(JsonObject? bindings)
    {
        var ports = new List<PublishedPort>();
        foreach (var (key, hosts) in bindings ?? [])
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var containerPort = int.Parse(slash < 0 ? key : key[..slash], CultureInfo.InvariantCulture);
            var protocol = slash < 0 ? "tcp" : key[(slash + 1)..];
            foreach (var binding in (hosts as JsonArray ?? []).OfType<JsonObject>())
            {
                if (int.TryParse((string?)binding["HostPort"], NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
                {
                    ports.Add(new PublishedPort((string?)binding["HostIp"], hostPort, containerPort, protocol));
                }
            }
        }
        return ports;
    }
}
