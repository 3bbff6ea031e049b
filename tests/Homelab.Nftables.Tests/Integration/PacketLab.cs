using System.Net;
using System.Net.Sockets;
using Homelab.Api.Resources;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Homelab.Nftables.Tests.Integration;

/// <summary>
/// Real Podman networks (bridges named like Homelab's, "hl" + hex) with one busybox container each, and a firewall table of
/// the lab's own name. Everything is created under a unique prefix and removed on dispose, even after failures.
/// </summary>
public sealed class PacketLab : IAsyncLifetime
{
    public const string Image = "localhost/homelab/busybox:1";
    private const string FallbackImage = "localhost/hltest/busybox-nft:1";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static int _nextOctet = Random.Shared.Next(50);
    private readonly string _id = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..6].ToLowerInvariant();
    private readonly List<string> _containers = [];
    private readonly List<string> _networks = [];
    private string _image = Image;

    public string Prefix => $"hltest-nft-{_id}";

    public string TableName => $"hltest-nft-{_id}";

    public Dictionary<string, ServiceEndpoint> Services { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Containers { get; } = new(StringComparer.Ordinal);

    public IFirewall Firewall { get; } = new NftFirewall(new NftProcess(Options.Create(new NftOptions())), NullLogger<NftFirewall>.Instance);

    /// <summary>The renderer's limit of pairs per rule; 0 makes every rule with Service peers a rule line.</summary>
    public int MaxPairs { get; set; } = RenderPass.MaxPairs;

    /// <summary>How the last <see cref="ApplyAsync(PolicyInput[])"/> reached the kernel.</summary>
    public FirewallLoadResult LastLoad { get; private set; }

    public async Task InitializeAsync()
    {
        await EnsureImageAsync();
        // Several labs run at once (one per test class): each takes the next second octet, and another if podman finds
        // the subnets taken by something else on the host.
        for (var attempt = 1; ; attempt++)
        {
            var octet = 200 + (Interlocked.Increment(ref _nextOctet) % 50);
            try
            {
                await AddServicesAsync(octet);
                return;
            }
            catch (InvalidOperationException e) when (attempt < 10 && e.Message.Contains("is already used", StringComparison.Ordinal))
            {
                await RemoveServicesAsync();
            }
        }
    }

    private async Task AddServicesAsync(int octet)
    {
        await AddAsync("media", "web", new() { ["app"] = "web" }, octet, 1, [new("http", 8080, PortProtocols.Tcp), new("alt", 8081, PortProtocols.Tcp), new("metrics", 9050, PortProtocols.Tcp), new("discovery", 9053, PortProtocols.Udp)],
            "for p in 8080 8081 9050; do httpd -p $p -h /srv; done; exec sleep 600");
        await AddAsync("media", "client", new() { ["app"] = "client" }, octet, 2, [], "exec sleep 600");
        await AddAsync("edge", "proxy", new() { ["app"] = "proxy" }, octet, 3, [], "exec sleep 600");
        await AddAsync("media", "spoofer", new() { ["app"] = "spoofer" }, octet, 4, [], "exec sleep 600", "NET_ADMIN,NET_RAW");
    }

    public async Task DisposeAsync()
    {
        await Firewall.RemoveAsync(TableName, CancellationToken.None);
        await RemoveServicesAsync();
    }

    private async Task RemoveServicesAsync()
    {
        foreach (var container in _containers)
        {
            await Shell.RunAsync("podman", ["rm", "-f", "-t", "0", container]);
        }
        foreach (var network in _networks)
        {
            await Shell.RunAsync("podman", ["network", "rm", "-f", network]);
        }
        _containers.Clear();
        _networks.Clear();
        Containers.Clear();
        Services.Clear();
    }

    public IReadOnlyList<NamespaceInfo> Namespaces { get; } =
    [
        new("media", new Dictionary<string, string> { ["team"] = "media" }),
        new("edge", new Dictionary<string, string> { ["tier"] = "edge" }),
    ];

    /// <summary>Compiles and loads the lab's Services with these policies; returns the model that was loaded.</summary>
    public async Task<AccessModel> ApplyAsync(params PolicyInput[] policies) => await ApplyAsync(Services.Values.ToList(), policies);

    public async Task<AccessModel> ApplyAsync(IReadOnlyList<ServiceEndpoint> services, params PolicyInput[] policies)
    {
        var model = AccessModel.Build(new FirewallInput(services, Namespaces, policies));
        Assert.Empty(model.Diagnostics);
        LastLoad = await Firewall.ApplyAsync(NftRenderer.Render(model, TableName, MaxPairs), verifyLive: true, CancellationToken.None);
        return model;
    }

    /// <summary>The Service's address in a family: every lab Service is dual-stack.</summary>
    public IPAddress AddressOf(string service, IpFamily family) =>
        family == IpFamily.V6 ? Services[service].Address6! : Services[service].Address!;

    /// <summary>The gateway of the Service's network in a family: the host's end of its bridge.</summary>
    public IPAddress GatewayOf(string service, IpFamily family) =>
        family == IpFamily.V6 ? AccessModel.Gateway6Of(Services[service])! : Services[service].Gateway!;

    /// <summary>Whether a TCP connection from one lab container to a Service's port gets an HTTP answer.</summary>
    public async Task<bool> CanConnectAsync(string from, string to, int port, IpFamily family = IpFamily.V4)
    {
        var target = AddressOf(to, family);
        // busybox-static's wget crashes in name lookup even for literal addresses; nc speaks enough HTTP.
        var result = await Shell.RunAsync("podman", ["exec", Containers[from], "sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {target} {port}"], TimeSpan.FromSeconds(15));
        return result.ExitCode == 0 && result.Output.Contains("200 OK", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a UDP datagram from one lab container reaches a Service's port. busybox has no UDP server, so the
    /// destination's own network namespace counts arrivals in a probe table; busybox tftp sends the datagram.
    /// </summary>
    public async Task<bool> UdpReachesAsync(string from, string to, int port, IpFamily family = IpFamily.V4)
    {
        var pid = await PidAsync(to);
        return await CountsUdpAsync(["nsenter", "-t", pid, "-n", "nft"], $"hltest-udp-{_id}", "", port, () => SendUdpAsync(from, AddressOf(to, family).ToString(), port));
    }

    /// <summary>Whether a UDP datagram from a lab container to its own network's gateway (the host) gets past the firewall.</summary>
    public async Task<bool> UdpReachesGatewayAsync(string from, int port, IpFamily family = IpFamily.V4)
    {
        var service = Services[from];
        // Counted in the host's input hook after Homelab's chains (priority 0 > -10): a drop there leaves the count at 0.
        return await CountsUdpAsync(["nft"], $"hltest-udp-{_id}", $"iifname \"{service.Interface}\" ", port, () => SendUdpAsync(from, GatewayOf(from, family).ToString(), port));
    }

    public async Task<string> PidAsync(string service) =>
        (await Shell.CheckedAsync("podman", "inspect", "--format", "{{.State.Pid}}", Containers[service])).Trim();

    /// <summary>
    /// Whether an ICMPv6 frame, made by icmpv6_send.py and sent out of a lab container's eth0 from inside its network
    /// namespace (as a process with NET_RAW there could), gets past the firewall to the host.
    /// </summary>
    public async Task<bool> HostReceivesIcmpv6Async(string from, string kind, int icmpType, string srcMac, IPAddress src, string dstMac, IPAddress dst, IPAddress? target = null)
    {
        var pid = await PidAsync(from);
        var script = Path.Combine(AppContext.BaseDirectory, "Integration", "icmpv6_send.py");
        List<string> send = ["-t", pid, "-n", "/usr/bin/python3", script, "eth0", kind, srcMac, src.ToString(), dstMac, dst.ToString()];
        if (target is not null)
        {
            send.Add(target.ToString());
        }
        return await CountsAsync(["nft"], $"hltest-icmp6-{_id}", $"iifname \"{Services[from].Interface}\" icmpv6 type {icmpType}", async () =>
        {
            var result = await Shell.RunAsync("nsenter", [.. send], TimeSpan.FromSeconds(15));
            Assert.True(result.ExitCode == 0, result.Error);
        });
    }

    /// <summary>The MAC address of a lab Service's bridge: the gateway's, where a container sends unicast to the host.</summary>
    public async Task<string> BridgeMacAsync(string service) =>
        (await File.ReadAllTextAsync($"/sys/class/net/{Services[service].Interface}/address")).Trim();

    private Task<bool> CountsUdpAsync(string[] nft, string table, string match, int port, Func<Task> send) =>
        CountsAsync(nft, table, $"{match}udp dport {port}", send);

    private async Task<bool> CountsAsync(string[] nft, string table, string match, Func<Task> send)
    {
        var rules = $"table inet {table} {{}}\ndelete table inet {table}\n"
            + $"table inet {table} {{\n  chain input {{\n    type filter hook input priority 0;\n    {match} counter\n  }}\n}}\n";
        var load = await Shell.RunAsync(nft[0], [.. nft[1..], "-f", "-"], input: rules);
        Assert.True(load.ExitCode == 0, load.Error);
        try
        {
            await send();
            var listing = await Shell.CheckedAsync(nft[0], [.. nft[1..], "list", "chain", "inet", table, "input"]);
            var packets = System.Text.RegularExpressions.Regex.Match(listing, @"counter packets (\d+)").Groups[1].Value;
            return long.Parse(packets, System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await Shell.RunAsync(nft[0], [.. nft[1..], "delete", "table", "inet", table]);
        }
    }

    /// <summary>tftp sends its request at once and then waits for an answer that never comes; the timeout bounds it.</summary>
    private Task SendUdpAsync(string from, string address, int port) =>
        Shell.RunAsync("podman", ["exec", Containers[from], "timeout", "2", "tftp", "-g", "-r", "probe", address, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(15));

    public async Task<bool> HostCanConnectAsync(string to, int port, IpFamily family = IpFamily.V4)
    {
        var target = AddressOf(to, family);
        using var client = new TcpClient(target.AddressFamily);
        using var cts = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await client.ConnectAsync(target, port, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The packet count of the lab table's rule whose comment contains <paramref name="comment"/>.</summary>
    public async Task<long> CounterAsync(string family, string chain, string comment)
    {
        var listing = await Shell.CheckedAsync("nft", "list", "chain", family, TableName, chain);
        var line = listing.Split('\n').Single(l => l.Contains(comment, StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"counter packets (\d+)");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<ShellResult> ExecAsync(string service, params string[] command) =>
        Shell.RunAsync("podman", ["exec", Containers[service], .. command], TimeSpan.FromSeconds(15));

    private async Task AddAsync(string ns, string name, Dictionary<string, string> labels, int octet, int index, IReadOnlyList<NamedPort> ports, string script, string? caps = null)
    {
        var bridge = $"hl{_id}{index:x4}";
        var network = $"{Prefix}-{name}";
        var subnet = $"10.{octet}.{index}.0/24";
        var address = IPAddress.Parse($"10.{octet}.{index}.2");
        var gateway = IPAddress.Parse($"10.{octet}.{index}.1");
        var mac = $"02:42:0a:{octet:x2}:{index:x2}:02";
        // Dual stack as Homelab makes it: a /64 of a unique-local prefix of the lab's own, gateway ::1, container ::2.
        var subnet6 = $"fd{_id[..2]}:{_id[2..]}:{octet:x2}:{index}::/64";
        var address6 = IPAddress.Parse($"fd{_id[..2]}:{_id[2..]}:{octet:x2}:{index}::2");
        await Shell.CheckedAsync("podman", "network", "create", "--subnet", subnet, "--gateway", gateway.ToString(), "--subnet", subnet6, network);
        _networks.Add(network);
        // Podman 4.3 has no --interface-name; it rereads the definition on every command and creates the bridge on first use.
        var definition = Path.Combine("/etc/containers/networks", network + ".json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(definition))!;
        json["network_interface"] = bridge;
        await File.WriteAllTextAsync(definition, json.ToJsonString());
        var container = $"{Prefix}-{name}";
        _containers.Add(container);
        List<string> run = ["run", "-d", "--name", container, "--network", network, "--ip", address.ToString(), "--ip6", address6.ToString(), "--mac-address", mac, "--cap-drop", "all"];
        if (caps is not null)
        {
            run.AddRange(["--cap-add", caps]);
        }
        run.AddRange([_image, "sh", "-c", "mkdir -p /srv && echo ok > /srv/index.html && " + script]);
        await Shell.CheckedAsync("podman", [.. run]);
        Containers[name] = container;
        Services[name] = new ServiceEndpoint
        {
            Namespace = ns,
            Name = name,
            Labels = labels,
            Interface = bridge,
            Address = address,
            Mac = mac,
            Gateway = gateway,
            Subnet = IPNetwork.Parse(subnet),
            Address6 = address6,
            Subnet6 = IPNetwork.Parse(subnet6),
            Ports = ports,
        };
    }

    /// <summary>Uses the project's test image when tests/images/build.sh has built it, else imports an equivalent one.</summary>
    private async Task EnsureImageAsync()
    {
        if ((await Shell.RunAsync("podman", ["image", "exists", Image])).ExitCode == 0)
        {
            return;
        }
        _image = FallbackImage;
        if ((await Shell.RunAsync("podman", ["image", "exists", FallbackImage])).ExitCode == 0)
        {
            return;
        }
        var root = Directory.CreateTempSubdirectory("hltest-nft-rootfs-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "bin"));
            foreach (var dir in new[] { "tmp", "srv", "proc", "sys", "dev", "etc" })
            {
                Directory.CreateDirectory(Path.Combine(root.FullName, dir));
            }
            File.Copy("/bin/busybox", Path.Combine(root.FullName, "bin", "busybox"));
            foreach (var applet in new[] { "sh", "httpd", "wget", "sleep", "ip", "mkdir", "echo", "nc", "cat", "arp", "printf", "tftp", "timeout" })
            {
                File.CreateSymbolicLink(Path.Combine(root.FullName, "bin", applet), "busybox");
            }
            var tar = Path.Combine(root.FullName, "..", $"{root.Name}.tar");
            await Shell.CheckedAsync("tar", "-C", root.FullName, "-cf", tar, ".");
            try
            {
                await Shell.CheckedAsync("podman", "import", "--change", "CMD [\"sh\"]", tar, FallbackImage);
            }
            finally
            {
                File.Delete(tar);
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}

/// <summary>The address family a lab probe uses.</summary>
public enum IpFamily
{
    V4,
    V6,
}
