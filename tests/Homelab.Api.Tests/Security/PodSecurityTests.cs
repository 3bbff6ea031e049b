using Homelab.Api.Resources;
using Homelab.Api.Security;
using Xunit;

namespace Homelab.Api.Tests.Security;

/// <summary>Every rule of the security levels, each with a Service it refuses and one it allows (the table of docs/decisions/0030-security-levels.md).</summary>
public sealed class PodSecurityTests
{
    private static readonly NamespaceSecurity NoAllowances = NamespaceSecurity.Exempt;

    private static readonly NamespaceSecurity MediaAllowances =
        NamespaceSecurity.Exempt with { AllowedHostPaths = ["/srv/media", "/var/lib/photos"], AllowedDevices = ["/dev/dri", "/dev/ttyACM0"] };

    /// <summary>A Service restricted allows: what each case changes one field of.</summary>
    private static ServiceSpec Clean() => new()
    {
        Image = "registry.example/web:1.0",
        Volumes = [new VolumeMount { Name = "data", MountPath = "/data" }],
        SecurityContext = new SecurityContext { RunAsUser = 1000, ReadOnlyRootFilesystem = true },
    };

    public static TheoryData<string, SecurityLevel, string, string> Refused => new()
    {
        { "privileged", SecurityLevel.Baseline, "baseline/privileged", "spec.securityContext.privileged" },
        { "privileged", SecurityLevel.Restricted, "baseline/privileged", "spec.securityContext.privileged" },
        { "lan", SecurityLevel.Baseline, "baseline/host-network", "spec.extraNetworks[0]" },
        { "cap-net-admin", SecurityLevel.Baseline, "baseline/capabilities", "spec.securityContext.capabilities.add[0]" },
        { "cap-sys-admin-spelt-long", SecurityLevel.Baseline, "baseline/capabilities", "spec.securityContext.capabilities.add[0]" },
        { "cap-chown", SecurityLevel.Restricted, "restricted/capabilities", "spec.securityContext.capabilities.add[0]" },
        { "host-path-etc", SecurityLevel.Baseline, "baseline/host-path", "spec.volumes[1].hostPath" },
        { "host-path-sibling", SecurityLevel.Baseline, "baseline/host-path", "spec.volumes[1].hostPath" },
        { "host-path-dotdot", SecurityLevel.Baseline, "baseline/host-path", "spec.volumes[1].hostPath" },
        { "host-path-media", SecurityLevel.Restricted, "restricted/volume-types", "spec.volumes[1].hostPath" },
        { "device-disk", SecurityLevel.Baseline, "baseline/devices", "spec.devices[0].hostPath" },
        { "device-dri", SecurityLevel.Restricted, "restricted/devices", "spec.devices[0].hostPath" },
        { "root", SecurityLevel.Restricted, "restricted/run-as-non-root", "spec.securityContext.runAsUser" },
        { "no-user", SecurityLevel.Restricted, "restricted/run-as-non-root", "spec.securityContext.runAsUser" },
        { "writable-root", SecurityLevel.Restricted, "restricted/read-only-root", "spec.securityContext.readOnlyRootFilesystem" },
        { "host-user-namespace", SecurityLevel.Restricted, "restricted/user-namespace", "spec.securityContext.userNamespace" },
    };

    public static TheoryData<string, SecurityLevel> Allowed => new()
    {
        { "privileged", SecurityLevel.Privileged },
        { "lan", SecurityLevel.Privileged },
        { "cap-net-admin", SecurityLevel.Privileged },
        { "cap-chown", SecurityLevel.Baseline },
        { "cap-net-bind", SecurityLevel.Restricted },
        { "host-path-media", SecurityLevel.Baseline },
        { "host-path-below-media", SecurityLevel.Baseline },
        { "device-dri", SecurityLevel.Baseline },
        { "device-tty", SecurityLevel.Baseline },
        { "root", SecurityLevel.Baseline },
        { "writable-root", SecurityLevel.Baseline },
        { "host-user-namespace", SecurityLevel.Baseline },
        { "clean", SecurityLevel.Restricted },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_rule_refuses_its_field(string change, SecurityLevel level, string rule, string field)
    {
        var violation = Assert.Single(PodSecurity.Check(Changed(change), level, MediaAllowances));

        Assert.Equal(rule, violation.Rule);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Message));
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void A_level_allows_what_its_rules_do_not_name(string change, SecurityLevel level) =>
        Assert.Empty(PodSecurity.Check(Changed(change), level, MediaAllowances));

    [Fact]
    public void Host_paths_and_devices_need_an_allowance_under_baseline()
    {
        var spec = Changed("host-path-media");
        spec.Devices = [new DeviceMapping { HostPath = "/dev/ttyACM0" }];

        var violations = PodSecurity.Check(spec, SecurityLevel.Baseline, NoAllowances);

        Assert.Equal(["baseline/host-path", "baseline/devices"], violations.Select(v => v.Rule));
        Assert.Contains("homelab.dev/allowed-host-paths: none", violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_violation_is_reported_at_once()
    {
        var spec = Changed("privileged");
        spec.ExtraNetworks = Changed("lan").ExtraNetworks;
        spec.SecurityContext!.Capabilities = new Capabilities { Add = ["CHOWN", "SYS_ADMIN", "NET_RAW"] };
        spec.Volumes = [.. spec.Volumes!, new VolumeMount { HostPath = "/etc", MountPath = "/host-etc" }];

        var violations = PodSecurity.Check(spec, SecurityLevel.Baseline, MediaAllowances);

        Assert.Equal(
            ["spec.securityContext.privileged", "spec.extraNetworks[0]", "spec.securityContext.capabilities.add[1]",
             "spec.securityContext.capabilities.add[2]", "spec.volumes[1].hostPath"],
            violations.Select(v => v.Field));
    }

    [Fact]
    public void The_baseline_capability_list_is_kubernetes_own() =>
        Assert.Equal(
            ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"],
            PodSecurity.BaselineCapabilities.Order(StringComparer.Ordinal).Select(c => c[4..]));

    private static ServiceSpec Changed(string change)
    {
        var spec = Clean();
        var security = spec.SecurityContext!;
        switch (change)
        {
            case "clean":
                break;
            case "privileged":
                security.Privileged = true;
                break;
            case "lan":
                spec.ExtraNetworks = [new ExtraNetwork { Name = "iot", Driver = "macvlan", Parent = "eth1" }];
                break;
            case "cap-net-admin":
                security.Capabilities = new Capabilities { Add = ["NET_ADMIN"] };
                break;
            case "cap-sys-admin-spelt-long":
                security.Capabilities = new Capabilities { Add = ["CAP_SYS_ADMIN"] };
                break;
            case "cap-chown":
                security.Capabilities = new Capabilities { Add = ["CHOWN"] };
                break;
            case "cap-net-bind":
                security.Capabilities = new Capabilities { Add = ["NET_BIND_SERVICE"] };
                break;
            case "host-path-etc":
                spec.Volumes!.Add(new VolumeMount { HostPath = "/etc", MountPath = "/host-etc" });
                break;
            case "host-path-sibling":
                spec.Volumes!.Add(new VolumeMount { HostPath = "/srv/media-private", MountPath = "/m" });
                break;
            case "host-path-dotdot":
                spec.Volumes!.Add(new VolumeMount { HostPath = "/srv/media/../../etc", MountPath = "/m" });
                break;
            case "host-path-media":
                spec.Volumes!.Add(new VolumeMount { HostPath = "/srv/media", MountPath = "/media" });
                break;
            case "host-path-below-media":
                spec.Volumes!.Add(new VolumeMount { HostPath = "/srv/media/films", MountPath = "/media" });
                break;
            case "device-disk":
                spec.Devices = [new DeviceMapping { HostPath = "/dev/sda" }];
                break;
            case "device-dri":
                spec.Devices = [new DeviceMapping { HostPath = "/dev/dri/renderD128" }];
                break;
            case "device-tty":
                spec.Devices = [new DeviceMapping { HostPath = "/dev/ttyACM0" }];
                break;
            case "root":
                security.RunAsUser = 0;
                break;
            case "no-user":
                security.RunAsUser = null;
                break;
            case "writable-root":
                security.ReadOnlyRootFilesystem = null;
                break;
            case "host-user-namespace":
                security.UserNamespace = UserNamespaceModes.Host;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "no such change");
        }
        return spec;
    }
}
