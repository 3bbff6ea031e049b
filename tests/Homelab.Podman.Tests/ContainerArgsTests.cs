using Homelab.Api.Resources;
using Xunit;

namespace Homelab.Podman.Tests;

public sealed class ContainerArgsTests
{
    private const string Pinned = "127.0.0.1:5000/homelab/jellyfin@sha256:4444444444444444444444444444444444444444444444444444444444444444";

    [Fact]
    public void A_minimal_spec_gets_the_secure_defaults_and_runs_the_pinned_image_without_pulling()
    {
        var args = ContainerArgs.Create(Definition(new ServiceSpec { Image = "x" }));

        Assert.Equal(["create", "--pull=never", "--name", "hl-media-jellyfin", "--hostname", "jellyfin"], args.Take(6));
        Assert.Contains("--init", args);
        Assert.Contains("--cap-drop=all", args);
        AssertPair(args, "--security-opt", "no-new-privileges");
        AssertPair(args, "--network", "hl-media-jellyfin");
        AssertPair(args, "--restart", "no");
        Assert.DoesNotContain("--privileged", args);
        Assert.DoesNotContain("--userns=auto", args);
        Assert.Equal(Pinned, args[^1]);
    }

    [Fact]
    public void Run_makes_the_same_container_as_create_detached()
    {
        var definition = Definition(new ServiceSpec { Image = "x", Env = [new EnvVar { Name = "TZ", Value = "UTC" }] });

        var run = ContainerArgs.Run(definition);

        Assert.Equal(["run", "--detach"], run.Take(2));
        Assert.Equal(ContainerArgs.Create(definition).Skip(1), run.Skip(2));
    }

    [Fact]
    public void Every_field_of_the_reference_service_becomes_its_flag()
    {
        var spec = new ServiceSpec
        {
            Image = "x",
            Command = ["/jellyfin/jellyfin"],
            Args = ["--datadir", "/config"],
            WorkingDir = "/",
            Env = [new EnvVar { Name = "TZ", Value = "Europe/Berlin" }],
            Ports =
            [
                new ServicePort { Name = "http", ContainerPort = 8096, Protocol = "TCP", HostPort = 8096, HostIP = "0.0.0.0" },
                new ServicePort { Name = "discovery", ContainerPort = 7359, Protocol = "UDP" },
            ],
            Volumes =
            [
                new VolumeMount { Name = "config", MountPath = "/config" },
                new VolumeMount { Name = "media", HostPath = "/srv/media", MountPath = "/media", ReadOnly = true },
            ],
            ConfigFiles = [new ConfigFile { MountPath = "/config/network.xml", Content = "<x/>", Mode = "0444" }],
            Devices = [new DeviceMapping { HostPath = "/dev/dri/renderD128", ContainerPath = "/dev/dri/renderD128", Permissions = "rw" }],
            Resources = new ResourceLimits { Memory = "2Gi", Cpus = "2.5", Pids = 512 },
            HealthCheck = new HealthCheck { Command = ["curl", "-fsS", "http://127.0.0.1:8096/health"], Interval = "30s", Timeout = "5s", Retries = 3, StartPeriod = "20s" },
            RestartPolicy = "OnFailure",
            StopGracePeriod = "1m30s",
            SecurityContext = new SecurityContext { RunAsUser = 1000, RunAsGroup = 1000, ReadOnlyRootFilesystem = true, Capabilities = new Capabilities { Add = ["NET_BIND_SERVICE"] } },
            ExtraNetworks = [new ExtraNetwork { Name = "iot", Driver = "macvlan", Parent = "eth1", Subnet = "192.168.50.0/24", Gateway = "192.168.50.1", Ip = "192.168.50.20" }],
        };

        var args = ContainerArgs.Create(Definition(spec) with { ConfigDir = "/var/lib/homelab/config/u1" });

        AssertPair(args, "--entrypoint", "[\"/jellyfin/jellyfin\"]");
        AssertPair(args, "--workdir", "/");
        AssertPair(args, "--env", "TZ=Europe/Berlin");
        AssertPair(args, "--publish", "0.0.0.0:8096:8096/tcp");
        Assert.Single(args, a => a == "--publish");
        AssertPair(args, "--volume", "hl-media-jellyfin-config:/config");
        AssertPair(args, "--volume", "/srv/media:/media:ro");
        AssertPair(args, "--volume", "/var/lib/homelab/config/u1/0-network.xml:/config/network.xml:ro");
        AssertPair(args, "--device", "/dev/dri/renderD128:/dev/dri/renderD128:rw");
        AssertPair(args, "--memory", "2147483648");
        AssertPair(args, "--cpus", "2.5");
        AssertPair(args, "--pids-limit", "512");
        AssertPair(args, "--health-cmd", "[\"curl\",\"-fsS\",\"http://127.0.0.1:8096/health\"]");
        AssertPair(args, "--health-interval", "30s");
        AssertPair(args, "--health-timeout", "5s");
        AssertPair(args, "--health-retries", "3");
        AssertPair(args, "--health-start-period", "20s");
        AssertPair(args, "--restart", "no");
        AssertPair(args, "--stop-timeout", "90");
        AssertPair(args, "--user", "1000:1000");
        Assert.Contains("--read-only", args);
        Assert.Contains("--cap-add=NET_BIND_SERVICE", args);
        AssertPair(args, "--network", "hl-media-jellyfin-iot:ip=192.168.50.20");
        Assert.Equal([Pinned, "--datadir", "/config"], args.TakeLast(3));
    }

    [Fact]
    public void A_dual_stack_address_asks_for_one_ip_per_family()
    {
        var args = ContainerArgs.Run(Definition(new ServiceSpec { Image = "x" }) with
        {
            Address = new ContainerAddress("10.91.3.2", "02:42:0a:5b:03:02") { Ip6 = "fd12:3456:789a:3::2" },
        });

        AssertPair(args, "--network", "hl-media-jellyfin:ip=10.91.3.2,ip=fd12:3456:789a:3::2,mac=02:42:0a:5b:03:02");
    }

    [Fact]
    public void A_fixed_address_is_asked_for_on_the_services_own_network_only()
    {
        var spec = new ServiceSpec { Image = "x", ExtraNetworks = [new ExtraNetwork { Name = "lan", Driver = "macvlan", Parent = "eth0" }] };

        var args = ContainerArgs.Run(Definition(spec) with { Address = new ContainerAddress("10.91.3.2", "02:42:0a:5b:03:02") });

        AssertPair(args, "--network", "hl-media-jellyfin:ip=10.91.3.2,mac=02:42:0a:5b:03:02");
        AssertPair(args, "--network", "hl-media-jellyfin-lan");
    }

    [Fact]
    public void Values_with_spaces_and_quotes_stay_single_arguments()
    {
        var spec = new ServiceSpec { Image = "x", Env = [new EnvVar { Name = "GREETING", Value = "hello \"world\"; rm -rf /" }] };

        var args = ContainerArgs.Create(Definition(spec));

        AssertPair(args, "--env", "GREETING=hello \"world\"; rm -rf /");
    }

    [Theory]
    [InlineData("Always")]
    [InlineData("OnFailure")]
    [InlineData("Never")]
    public void Podman_never_restarts_by_itself_whatever_the_policy(string policy)
    {
        var args = ContainerArgs.Create(Definition(new ServiceSpec { Image = "x", RestartPolicy = policy }));

        AssertPair(args, "--restart", "no");
    }

    [Fact]
    public void User_namespace_auto_is_used_only_where_the_host_has_subordinate_ids_and_host_mode_opts_out()
    {
        var auto = new ServiceSpec { Image = "x", SecurityContext = new SecurityContext { UserNamespace = "auto" } };
        var host = new ServiceSpec { Image = "x", SecurityContext = new SecurityContext { UserNamespace = "host" } };

        Assert.Contains("--userns=auto", ContainerArgs.Create(Definition(auto) with { UserNamespacesAvailable = true }));
        Assert.DoesNotContain("--userns=auto", ContainerArgs.Create(Definition(auto) with { UserNamespacesAvailable = false }));
        Assert.DoesNotContain("--userns=auto", ContainerArgs.Create(Definition(host) with { UserNamespacesAvailable = true }));
    }

    [Fact]
    public void Privileged_replaces_the_capability_drop_only_when_asked()
    {
        var spec = new ServiceSpec { Image = "x", SecurityContext = new SecurityContext { Privileged = true } };

        var args = ContainerArgs.Create(Definition(spec));

        Assert.Contains("--privileged", args);
        Assert.DoesNotContain("--cap-drop=all", args);
        AssertPair(args, "--security-opt", "no-new-privileges");
    }

    [Fact]
    public void Labels_are_passed_in_a_stable_order()
    {
        var definition = Definition(new ServiceSpec { Image = "x" }) with
        {
            Labels = new Dictionary<string, string> { ["b"] = "2", [HomelabLabels.ManagedBy] = HomelabLabels.ManagedByValue, ["a"] = "1" },
        };

        var labels = ContainerArgs.Create(definition).Select((a, i) => (a, i)).Where(p => p.a == "--label").Select(p => ContainerArgs.Create(definition)[p.i + 1]);

        Assert.Equal(["a=1", "b=2", "homelab.dev/managed-by=homelabd"], labels);
    }

    private static ContainerDefinition Definition(ServiceSpec spec) =>
        new("hl-media-jellyfin", "media", "jellyfin", Pinned, "hl-media-jellyfin", spec, new Dictionary<string, string>());

    private static void AssertPair(IReadOnlyList<string> args, string flag, string value)
    {
        var found = args.Select((a, i) => (a, i)).Any(p => p.a == flag && p.i + 1 < args.Count && args[p.i + 1] == value);
        Assert.True(found, $"expected {flag} {value} in: {string.Join(' ', args)}");
    }
}
