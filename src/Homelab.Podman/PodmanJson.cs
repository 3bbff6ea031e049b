using System.Text.Json;

namespace Homelab.Podman;

/// <summary>Reads the JSON that `podman … --format json` prints. Missing fields read as empty, never as errors: Podman adds and drops fields between versions.</summary>
internal static class PodmanJson
{
    public static IReadOnlyList<NetworkInfo> Networks(string json)
    {
        using var document = Parse(json);
        return Items(document.RootElement).Select(n =>
        {
            // A dual-stack network lists one subnet per family, in the order it was created with.
            var entries = n.TryGetProperty("subnets", out var subnets) && subnets.ValueKind == JsonValueKind.Array
                ? subnets.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(s => (Subnet: NullableString(s, "subnet"), Gateway: NullableString(s, "gateway"))).ToList()
                : [];
            var v4 = entries.FirstOrDefault(e => e.Subnet?.Contains(':', StringComparison.Ordinal) == false);
            var v6 = entries.FirstOrDefault(e => e.Subnet?.Contains(':', StringComparison.Ordinal) == true);
            return new NetworkInfo(String(n, "name"), String(n, "driver"), String(n, "network_interface"), v4.Subnet, v4.Gateway, Labels(n, "labels"))
            {
                Id = String(n, "id"),
                Subnet6 = v6.Subnet,
                Gateway6 = v6.Gateway,
            };
        }).ToList();
    }

    public static IReadOnlyList<ContainerInfo> Containers(string json)
    {
        using var document = Parse(json);
        return Items(document.RootElement).Select(c =>
        {
            var state = c.TryGetProperty("State", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
            var health = state.ValueKind == JsonValueKind.Object
                && (state.TryGetProperty("Health", out var h) || state.TryGetProperty("Healthcheck", out h))
                && h.ValueKind == JsonValueKind.Object ? String(h, "Status") : "";
            var config = c.TryGetProperty("Config", out var cfg) && cfg.ValueKind == JsonValueKind.Object ? cfg : default;
            var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
            var addresses6 = new Dictionary<string, string>(StringComparer.Ordinal);
            var macs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (c.TryGetProperty("NetworkSettings", out var settings) && settings.ValueKind == JsonValueKind.Object
                && settings.TryGetProperty("Networks", out var networks) && networks.ValueKind == JsonValueKind.Object)
            {
                foreach (var network in networks.EnumerateObject())
                {
                    var ip = String(network.Value, "IPAddress");
                    if (ip.Length > 0)
                    {
                        addresses[network.Name] = ip;
                    }
                    var ip6 = String(network.Value, "GlobalIPv6Address");
                    if (ip6.Length > 0)
                    {
                        addresses6[network.Name] = ip6;
                    }
                    var mac = String(network.Value, "MacAddress");
                    if (mac.Length > 0)
                    {
                        macs[network.Name] = mac;
                    }
                }
            }
            var error = state.ValueKind == JsonValueKind.Object ? NullableString(state, "Error") : null;
            return new ContainerInfo(
                String(c, "Id"),
                String(c, "Name").TrimStart('/'),
                state.ValueKind == JsonValueKind.Object ? String(state, "Status") : "",
                config.ValueKind == JsonValueKind.Object ? Labels(config, "Labels") : new Dictionary<string, string>())
            {
                ExitCode = state.ValueKind == JsonValueKind.Object ? Int(state, "ExitCode") : 0,
                RestartCount = Int(c, "RestartCount"),
                StartedAt = state.ValueKind == JsonValueKind.Object ? Time(state, "StartedAt") : null,
                FinishedAt = state.ValueKind == JsonValueKind.Object ? Time(state, "FinishedAt") : null,
                Health = health,
                Pid = state.ValueKind == JsonValueKind.Object ? Int(state, "Pid") : 0,
                ConmonPid = state.ValueKind == JsonValueKind.Object ? Int(state, "ConmonPid") : 0,
                OomKilled = state.ValueKind == JsonValueKind.Object && state.TryGetProperty("OOMKilled", out var oom) && oom.ValueKind == JsonValueKind.True,
                ImageDigest = NullableString(c, "ImageDigest"),
                OciRuntime = NullableString(c, "OCIRuntime"),
                Error = string.IsNullOrEmpty(error) ? null : error,
                Addresses = addresses,
                Addresses6 = addresses6,
                MacAddresses = macs,
            };
        }).ToList();
    }

    /// <summary>`podman ps --format json` rows: only the ids are used, the details come from inspect.</summary>
    public static IReadOnlyList<string> ContainerIds(string json)
    {
        using var document = Parse(json);
        return Items(document.RootElement).Select(c => String(c, "Id")).Where(id => id.Length > 0).ToList();
    }

    public static IReadOnlyList<ImageInfo> Images(string json)
    {
        using var document = Parse(json);
        return Items(document.RootElement).Select(i => new ImageInfo(
            String(i, "Id"),
            String(i, "Digest"),
            i.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Select(t => t.GetString() ?? "").Where(t => t.Length > 0).ToList()
                : [])).ToList();
    }

    public static IReadOnlyList<VolumeInfo> Volumes(string json)
    {
        using var document = Parse(json);
        return Items(document.RootElement).Select(v => new VolumeInfo(String(v, "Name"), String(v, "Mountpoint"), Labels(v, "Labels"))).ToList();
    }

    /// <summary>`podman info --format json`: the version, network backend, OCI runtime and whether podman is rootless.</summary>
    public static PodmanHostInfo HostInfo(string json)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        var host = Object(root, "host");
        var runtime = Object(host, "ociRuntime");
        var security = Object(host, "security");
        return new PodmanHostInfo(
            String(Object(root, "version"), "Version"),
            String(host, "networkBackend"),
            String(runtime, "name"),
            String(runtime, "path"),
            String(runtime, "version").Split('\n')[0].Trim(),
            security.ValueKind == JsonValueKind.Object && security.TryGetProperty("rootless", out var rootless) && rootless.ValueKind == JsonValueKind.True);
    }

    /// <summary>One line of `podman events --format json`; null for a line that is not a container event.</summary>
    public static ContainerEvent? ContainerEvent(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            return String(e, "Type") == "container" && String(e, "ID") is { Length: > 0 } id
                ? new ContainerEvent(id, String(e, "Name"), String(e, "Status"), Labels(e, "Attributes"))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        }
        catch (JsonException e)
        {
            throw new PodmanException($"podman printed JSON that could not be read: {e.Message}", e);
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => root.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object),
        JsonValueKind.Object => [root],
        _ => [],
    };

    /// <summary>`podman images --format json`: every local image, untagged ones included.</summary>
    public static IReadOnlyList<LocalImageInfo> LocalImages(string json)
    {
        using var document = Parse(json);
        return Items(document.RootElement).Select(i => new LocalImageInfo(
            String(i, "Id"),
            Strings(i, "Names"),
            Strings(i, "RepoDigests"),
            i.TryGetProperty("Created", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue,
            Int(i, "Containers"))).ToList();
    }

    private static string String(JsonElement element, string name) => NullableString(element, name) ?? "";

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];

    private static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? NullableString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Podman writes Go's zero time (year 1) for "never".</summary>
    private static DateTimeOffset? Time(JsonElement element, string name) =>
        NullableString(element, name) is { } text
        && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
        && time.Year > 1
            ? time
            : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;

    private static Dictionary<string, string> Labels(JsonElement element, string name)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in value.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString() ?? "" : label.Value.ToString();
            }
        }
        return labels;
    }
}
