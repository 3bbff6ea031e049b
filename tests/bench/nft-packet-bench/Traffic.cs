using System.Globalization;
using System.Text.Json.Nodes;

namespace NftPacketBench;

/// <summary>What crosses the firewall: each client runs in the client container's network namespace, towards the server's address.</summary>
internal static class Traffic
{
    /// <summary>Debian's python3, which nft-packet-bench.sh installs (a python3 earlier on root's PATH may be another one).</summary>
    public const string Python = "/usr/bin/python3";
    public static readonly string Script = Path.Combine(AppContext.BaseDirectory, "connrate.py");
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);
    /// <summary>Caps one measurement's connections, so a fast host cannot fill the conntrack table over the rounds.</summary>
    private const int MaxConnections = 30_000;
    /// <summary>How long a probe waits for a connection: the firewall drops, so a forbidden port times out.</summary>
    private const string ProbeSeconds = "1";

    /// <summary>Whether a TCP connection from the client to the server's port opens.</summary>
    public static async Task<bool> ConnectsAsync(PacketPair pair, int port, CancellationToken cancellationToken)
    {
        var result = await InClientAsync(pair, [Python, Script, "probe", Server(pair), $"{port}", ProbeSeconds], cancellationToken);
        return result.ExitCode == 0;
    }

    /// <summary>
    /// New connections per second, each one opened, a few bytes exchanged, closed, one after another: over the whole
    /// measurement, and in its busiest half second (other processes on the machine only ever slow it down, so the best
    /// window is the closest to the uncontended cost).
    /// </summary>
    public static async Task<(double Rate, double BestWindow)> ConnectionRateAsync(PacketPair pair, CancellationToken cancellationToken)
    {
        var result = await InClientAsync(pair,
            [Python, Script, "rate", Server(pair), $"{PacketPair.ConnectPort}", $"{Duration.TotalSeconds}", $"{MaxConnections}"], cancellationToken);
        var report = Parse(result, "connection rate client");
        var connections = report["connections"]!.GetValue<int>();
        return (connections / report["seconds"]!.GetValue<double>(), report["best_window"]!.GetValue<double>());
    }

    /// <summary>iperf3's TCP throughput in Gbit/s, as the server received it.</summary>
    public static async Task<double> ThroughputAsync(PacketPair pair, CancellationToken cancellationToken)
    {
        var result = await InClientAsync(pair,
            ["iperf3", "-c", Server(pair), "-p", $"{PacketPair.IperfPort}", "-t", $"{Duration.TotalSeconds}", "-J"], cancellationToken);
        var report = Parse(result, "iperf3");
        return report["end"]!["sum_received"]!["bits_per_second"]!.GetValue<double>() / 1e9;
    }

    private static string Server(PacketPair pair) => pair.Server.Address!.ToString();

    private static Task<RunResult> InClientAsync(PacketPair pair, string[] command, CancellationToken cancellationToken) =>
        Run.ToolAsync("nsenter", ["-t", pair.ClientPid, "-n", .. command], cancellationToken, Duration + TimeSpan.FromSeconds(20));

    private static JsonNode Parse(RunResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({result.ExitCode}): {result.Error}{result.Output}");
        }
        return JsonNode.Parse(result.Output) ?? throw new InvalidOperationException($"{what} printed nothing");
    }
}
