using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Homelab.Nftables.Model;

namespace NftPacketBench;

/// <summary>
/// Two Services as Homelab runs them, a server and a client: each a Podman network whose bridge is named like Homelab's
/// ("hl" + hex) with one busybox container, and the server's listeners started in the server container's network
/// namespace. Everything is named under <see cref="Prefix"/> and removed on dispose, whatever happened before.
/// </summary>
internal sealed class PacketPair(string id) : IAsyncDisposable
{
    public const string Image = "localhost/homelab/busybox:1";
    public const string Namespace = "pkt";
    public const int IperfPort = 5201;
    public const int ConnectPort = 8080;
    /// <summary>A port the server listens on that no policy allows: a connection to it must fail while the table holds.</summary>
    public const int ForbiddenPort = 8081;
    private readonly List<string> _containers = [];
    private readonly List<string> _networks = [];
    private readonly List<Process> _listeners = [];

    public string Prefix => $"hlbench-pkt-{id}";

    public ServiceEndpoint Server { get; private set; } = null!;

    public ServiceEndpoint Client { get; private set; } = null!;

    /// <summary>The pid of each container's init: nsenter's way into its network namespace.</summary>
    public string ServerPid { get; private set; } = "";

    public string ClientPid { get; private set; } = "";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A second octet of its own per run, as PacketLab does, so concurrent tests rarely ask Podman for the same subnet.
        var octet = 150 + Random.Shared.Next(50);
        (Server, ServerPid) = await AddAsync("server", octet, 1, [new("iperf", IperfPort, PortProtocols.Tcp), new("http", ConnectPort, PortProtocols.Tcp), new("other", ForbiddenPort, PortProtocols.Tcp)], cancellationToken);
        (Client, ClientPid) = await AddAsync("client", octet, 2, [], cancellationToken);
        _listeners.Add(Run.Background("nsenter", "-t", ServerPid, "-n", "iperf3", "-s", "-p", $"{IperfPort}"));
        _listeners.Add(Run.Background("nsenter", "-t", ServerPid, "-n", Traffic.Python, Traffic.Script, "serve", $"{ConnectPort}", $"{ForbiddenPort}"));
        // No table is loaded yet, so every port must answer: a port that fails later fails because of the firewall.
        foreach (var port in new[] { IperfPort, ConnectPort, ForbiddenPort })
        {
            await WaitListeningAsync(port, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            listener.Kill(entireProcessTree: true);
            await listener.WaitForExitAsync(CancellationToken.None);
            listener.Dispose();
        }
        foreach (var container in _containers)
        {
            await Run.ToolAsync("podman", ["rm", "-f", "-t", "0", container], CancellationToken.None);
        }
        foreach (var network in _networks)
        {
            await Run.ToolAsync("podman", ["network", "rm", "-f", network], CancellationToken.None);
        }
    }

    private async Task WaitListeningAsync(int port, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await Traffic.ConnectsAsync(this, port, cancellationToken))
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        throw new InvalidOperationException($"nothing listens on the server's port {port} five seconds after starting");
    }

    private async Task<(ServiceEndpoint Endpoint, string Pid)> AddAsync(string name, int octet, int index, IReadOnlyList<NamedPort> ports, CancellationToken cancellationToken)
    {
        var bridge = $"hl{id}{index:x4}";
        var network = $"{Prefix}-{name}";
        var subnet = $"10.{octet}.{index}.0/24";
        var gateway = IPAddress.Parse($"10.{octet}.{index}.1");
        var address = IPAddress.Parse($"10.{octet}.{index}.2");
        var mac = $"02:42:0a:{octet:x2}:{index:x2}:02";
        _networks.Add(network);
        await Run.CheckedAsync(cancellationToken, "podman", "network", "create", "--subnet", subnet, "--gateway", gateway.ToString(), network);
        // Podman 4.3 has no --interface-name; it rereads the definition on every command and creates the bridge on first use.
        var definition = Path.Combine("/etc/containers/networks", network + ".json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(definition, cancellationToken))!;
        json["network_interface"] = bridge;
        await File.WriteAllTextAsync(definition, json.ToJsonString(), cancellationToken);
        var container = $"{Prefix}-{name}";
        _containers.Add(container);
        await Run.CheckedAsync(cancellationToken, "podman", "run", "-d", "--name", container, "--network", network, "--ip", address.ToString(),
            "--mac-address", mac, "--cap-drop", "all", Image, "sleep", "600");
        var pid = (await Run.CheckedAsync(cancellationToken, "podman", "inspect", "--format", "{{.State.Pid}}", container)).Trim();
        var endpoint = new ServiceEndpoint
        {
            Namespace = Namespace,
            Name = name,
            Labels = new Dictionary<string, string> { ["app"] = name },
            Interface = bridge,
            Address = address,
            Mac = mac,
            Gateway = gateway,
            Subnet = IPNetwork.Parse(subnet),
            Ports = ports,
        };
        return (endpoint, pid);
    }
}
