using CsCheck;
using Homelab.Api;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Cli.Tests.Import;

/// <summary>
/// Services and NetworkPolicies over every field the Kubernetes mapping knows, with strings chosen to trip YAML (numbers,
/// booleans, nulls, colons, several lines) and, in Services, the fields Kubernetes cannot express. Not every draw is
/// valid; the tests keep those homelabd would accept.
/// </summary>
internal static class Generators
{
    /// <summary>Text that YAML would read as another type unless quoted, or that needs a block scalar.</summary>
    private static readonly Gen<string> Text = Gen.OneOf("", "plain", "5432", "true", "yes", "null", "~", "0x1F", "a: b", "#hash",
        "- dash", "two\nlines\n", " padded ", "ünïcode", "'quoted'", "\"dq\"", "1e3", "12:30", "@at", "*star");

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : class => Gen.Bool.SelectMany(b => b ? gen.Select(v => (T?)v) : Gen.Const((T?)null));

    private static Gen<T?> MaybeValue<T>(Gen<T> gen) where T : struct => Gen.Bool.SelectMany(b => b ? gen.Select(v => (T?)v) : Gen.Const((T?)null));

    /// <summary>Lists of <paramref name="max"/> or fewer, each item made knowing its index (so names and paths stay apart).</summary>
    private static Gen<List<T>?> Indexed<T>(int max, Func<int, Gen<T>> item) =>
        Gen.Int[0, max].SelectMany(count => count == 0
            ? Gen.OneOf(Gen.Const((List<T>?)null), Gen.Const((List<T>?)[]))
            : Enumerable.Range(0, count).Aggregate(Gen.Const(new List<T>()), (list, i) => list.SelectMany(l => item(i).Select(v => (List<T>)[.. l, v])))
                .Select(l => (List<T>?)l));

    private static readonly Gen<string> Duration = Gen.OneOf("10s", "1m30s", "2m", "0s", "1500ms", "250ms");

    private static readonly Gen<Dictionary<string, string>?> Labels =
        Maybe(Gen.Select(Gen.OneOf("web", "db", "a.b_c-1", ""), Gen.Bool, (value, tier) =>
            tier ? new Dictionary<string, string> { ["app"] = value, ["homelab.example/tier"] = "3" } : new Dictionary<string, string> { ["app"] = value }));

    private static Gen<ServicePort> Port(int i) => Gen.Select(Gen.Bool, Gen.OneOf(null, Protocols.Tcp, Protocols.Udp), Gen.Bool, Maybe(Gen.OneOf("127.0.0.1", "0.0.0.0")),
        (named, protocol, host, hostIP) => new ServicePort
        {
            Name = named ? $"port-{i}" : null,
            ContainerPort = 8000 + i,
            Protocol = protocol,
            HostPort = host ? 18000 + i : null,
            HostIP = host ? hostIP : null,
        });

    private static Gen<VolumeMount> Volume(int i) => Gen.Select(Gen.Int[0, 2], Gen.Bool,
        (kind, readOnly) => new VolumeMount
        {
            Name = kind == 2 ? null : kind == 0 ? $"data-{i}" : $"bind-{i}",
            HostPath = kind == 0 ? null : $"/srv/host-{i}",
            MountPath = $"/mnt/v{i}",
            ReadOnly = readOnly ? true : null,
        });

    private static Gen<ConfigFile> ConfigFile(int i) => Gen.Select(Gen.Bool, Text, Maybe(Gen.OneOf("0444", "0600", "0400", "0640")), Gen.OneOf("app.conf", "1", ".hidden", "a b"),
        (fromSecret, content, mode, file) => new ConfigFile
        {
            MountPath = $"/etc/c{i}/{file}",
            Content = fromSecret ? "" : content,
            FromSecret = fromSecret ? new SecretKeySelector { Name = "creds", Key = $"key-{i}" } : null,
            Mode = mode,
        });

    private static Gen<SecretMount> SecretMount(int i) => Gen.Select(Maybe(Gen.OneOf("0440", "0400", "0600")), Indexed(2, j => Maybe(Gen.OneOf("0400", "0644")).Select(mode => new SecretItem { Key = $"k{j}", Path = j == 0 ? "a/b" : $"f{j}", Mode = mode })),
        (mode, items) => new SecretMount { Name = i == 0 ? "creds" : "tls", MountPath = $"/run/secrets/s{i}", DefaultMode = mode, Items = items });

    private static Gen<DeviceMapping> Device(int i) => Gen.Select(Maybe(Gen.Const($"/dev/inside{i}")), Maybe(Gen.OneOf("rw", "r", "rwm")),
        (containerPath, permissions) => new DeviceMapping { HostPath = $"/dev/ttyUSB{i}", ContainerPath = containerPath, Permissions = permissions });

    private static readonly Gen<ResourceLimits> Resources = Gen.Select(Maybe(Gen.OneOf("512Mi", "1Gi", "64M", "100K")), Maybe(Gen.OneOf("0.5", "2", "1.25")), MaybeValue(Gen.Int[16, 4096]),
        (memory, cpus, pids) => new ResourceLimits { Memory = memory, Cpus = cpus, Pids = pids });

    private static readonly Gen<HealthCheck> HealthCheck = Gen.Select(Indexed(2, _ => Text), Maybe(Duration), Maybe(Duration), MaybeValue(Gen.Int[1, 5]), Maybe(Duration),
        (args, interval, timeout, retries, start) => new HealthCheck
        {
            Command = ["/bin/check", .. args ?? []],
            Interval = interval,
            Timeout = timeout,
            Retries = retries,
            StartPeriod = start,
        });

    private static readonly Gen<SecurityContext> Security = Gen.Select(
        Gen.Select(MaybeValue(Gen.OneOf(0L, 1000L)), MaybeValue(Gen.OneOf(0L, 999L)), MaybeValue(Gen.Bool)),
        Maybe(Gen.OneOf<List<string>>(["NET_BIND_SERVICE"], ["CAP_NET_ADMIN", "chown"])),
        MaybeValue(Gen.Bool),
        Maybe(Gen.OneOf(UserNamespaceModes.Auto, UserNamespaceModes.Host)),
        (ids, added, privileged, userNamespace) => new SecurityContext
        {
            RunAsUser = ids.Item1,
            RunAsGroup = ids.Item2,
            ReadOnlyRootFilesystem = ids.Item3,
            Capabilities = added is null ? null : new Capabilities { Add = added },
            Privileged = privileged,
            UserNamespace = userNamespace,
        });

    private static Gen<ExtraNetwork> Network(int i) => Gen.Const(new ExtraNetwork { Name = $"lan{i}", Driver = NetworkDrivers.Macvlan, Parent = "eth0" });

    private static readonly Gen<LabelSelector> Selector = Gen.Select(
        Maybe(Gen.OneOf(new Dictionary<string, string> { ["app"] = "web" }, new Dictionary<string, string> { ["app"] = "db", ["zone"] = "apps" })),
        Indexed(1, _ => Gen.OneOf(
            new LabelSelectorRequirement { Key = "tier", Operator = SelectorOperators.In, Values = ["1", "2"] },
            new LabelSelectorRequirement { Key = "tier", Operator = SelectorOperators.Exists })),
        (labels, expressions) => new LabelSelector { MatchLabels = labels, MatchExpressions = expressions });

    /// <summary>Namespaces by name (Homelab's label, Kubernetes' after export) or by any other label.</summary>
    private static readonly Gen<LabelSelector> NamespaceSelector = Gen.OneOf(
        new LabelSelector { MatchLabels = new() { [ApiGroup.NamespaceNameLabel] = "media" } },
        new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = ApiGroup.NamespaceNameLabel, Operator = SelectorOperators.In, Values = ["home", "edge"] }] },
        new LabelSelector { MatchLabels = new() { ["zone"] = "apps" } },
        new LabelSelector());

    private static readonly Gen<NetworkPolicyPeer> Peer = Gen.Int[0, 3].SelectMany(kind => kind switch
    {
        0 => Selector.Select(s => new NetworkPolicyPeer { ServiceSelector = s }),
        1 => NamespaceSelector.Select(n => new NetworkPolicyPeer { NamespaceSelector = n }),
        2 => Gen.Select(Selector, NamespaceSelector, (s, n) => new NetworkPolicyPeer { ServiceSelector = s, NamespaceSelector = n }),
        _ => Maybe(Gen.Const<List<string>>(["10.1.0.0/16"])).Select(except => new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = "10.0.0.0/8", Except = except } }),
    });

    private static readonly Gen<NetworkPolicyPort> PolicyPort = Gen.Int[0, 2].SelectMany(kind => Gen.OneOf(null, Protocols.Tcp, Protocols.Udp).Select(protocol => kind switch
    {
        0 => new NetworkPolicyPort { Protocol = protocol, Port = new IntOrString(443) },
        1 => new NetworkPolicyPort { Protocol = protocol, Port = new IntOrString("http") },
        _ => new NetworkPolicyPort { Protocol = protocol, Port = new IntOrString(8000), EndPort = 8080 },
    }));

    public static readonly Gen<NetworkPolicy> NetworkPolicy = Gen.Select(
        Selector,
        Maybe(Gen.OneOf<List<string>>([PolicyTypes.Ingress], [PolicyTypes.Egress], [PolicyTypes.Ingress, PolicyTypes.Egress])),
        Indexed(2, _ => Gen.Select(Indexed(2, _ => Peer), Indexed(2, _ => PolicyPort), (from, ports) => new NetworkPolicyIngressRule { From = from, Ports = ports })),
        Indexed(2, _ => Gen.Select(Indexed(2, _ => Peer), Indexed(2, _ => PolicyPort), (to, ports) => new NetworkPolicyEgressRule { To = to, Ports = ports })),
        (selector, types, ingress, egress) => new NetworkPolicy
        {
            Metadata = new ObjectMeta { Name = "policy", Namespace = "apps" },
            Spec = new NetworkPolicySpec { ServiceSelector = selector, PolicyTypes = types, Ingress = ingress, Egress = egress },
        });

    // Last: static fields are initialised in order, and this one uses those above.
    public static readonly Gen<Service> Service = Gen.Select(
        Gen.Select(Gen.OneOf("svc", "web-1", "db"), Labels, Maybe(Text), Gen.OneOf("nginx:1.27", "ghcr.io/team/app:v1.2.3", "127.0.0.1:5000/homelab/db:16")),
        Gen.Select(Indexed(3, i => i == 0 ? Gen.OneOf("/bin/sh", "run") : Text), Indexed(3, _ => Text), Maybe(Gen.OneOf("/srv", "/data dir"))),
        Indexed(3, i => Text.Select(v => new EnvVar { Name = $"VAR_{i}", Value = v })),
        Indexed(3, Port),
        Gen.Select(Indexed(3, Volume), Maybe(Gen.OneOf("5Gi", "1Gi", "500M"))),
        Gen.Select(Indexed(3, ConfigFile), Indexed(2, SecretMount)),
        Gen.Select(Indexed(2, Device), Maybe(Resources), Maybe(HealthCheck)),
        Gen.Select(Gen.OneOf(null, RestartPolicies.Always, RestartPolicies.OnFailure, RestartPolicies.Never), Maybe(Duration), Maybe(Security), Indexed(1, Network)),
        (identity, process, env, ports, volumes, files, host, runtime) =>
        {
            var (name, labels, note, image) = identity;
            var service = new Service { Metadata = new ObjectMeta { Name = name, Namespace = "apps", Labels = labels } };
            if (note is not null)
            {
                service.Metadata.Annotations = new() { ["note"] = note };
            }
            if (volumes.Item2 is { } size && volumes.Item1?.FirstOrDefault(v => v.HostPath is null) is { } managed)
            {
                (service.Metadata.Annotations ??= [])["volume-size.homelab.dev/" + managed.Name] = size;
            }
            service.Spec = new ServiceSpec
            {
                Image = image,
                Command = process.Item1,
                Args = process.Item2,
                WorkingDir = process.Item3,
                Env = env,
                Ports = ports,
                Volumes = volumes.Item1,
                ConfigFiles = files.Item1,
                Secrets = files.Item2,
                Devices = host.Item1,
                Resources = host.Item2,
                HealthCheck = host.Item3,
                RestartPolicy = runtime.Item1,
                StopGracePeriod = runtime.Item2,
                SecurityContext = runtime.Item3,
                ExtraNetworks = runtime.Item4,
            };
            return service;
        });
}
