using Homelab.Api.Resources;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class ServiceValidatorTests
{
    private sealed record Case(Action<ServiceSpec> Break, string Field, string Message);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["image missing"] = new(s => s.Image = "", "spec.image", "is required"),
        ["image with upper-case repository"] = new(s => s.Image = "docker.io/Jellyfin/jellyfin:1", "spec.image", "repository"),
        ["image with short digest"] = new(s => s.Image = "caddy:2.8@sha256:abc", "spec.image", "digest"),
        ["image with bad tag"] = new(s => s.Image = "caddy:-2.8", "spec.image", "tag"),
        ["empty program in command"] = new(s => s.Command = [""], "spec.command", "must start with the program"),
        ["relative workingDir"] = new(s => s.WorkingDir = "srv", "spec.workingDir", "absolute path"),
        ["env name empty"] = new(s => s.Env![1].Name = "", "spec.env[1].name", "is required"),
        ["env name with ="] = new(s => s.Env![1].Name = "A=B", "spec.env[1].name", "must not contain '='"),
        ["env name duplicate"] = new(s => s.Env![1].Name = "TZ", "spec.env[1].name", "duplicate environment variable \"TZ\""),
        ["containerPort zero"] = new(s => s.Ports![1].ContainerPort = 0, "spec.ports[1].containerPort", "must be between 1 and 65535"),
        ["containerPort too big"] = new(s => s.Ports![1].ContainerPort = 70000, "spec.ports[1].containerPort", "must be between 1 and 65535"),
        ["protocol SCTP"] = new(s => s.Ports![1].Protocol = "SCTP", "spec.ports[1].protocol", "must be one of TCP, UDP"),
        ["port name too long"] = new(s => s.Ports![1].Name = "discovery-protocol", "spec.ports[1].name", "port name"),
        ["port name without letter"] = new(s => s.Ports![1].Name = "1234", "spec.ports[1].name", "port name"),
        ["port name duplicate"] = new(s => s.Ports![1].Name = "http", "spec.ports[1].name", "duplicate port name \"http\""),
        ["containerPort and protocol duplicate"] = new(s => { s.Ports![1].ContainerPort = 8096; s.Ports[1].Protocol = "TCP"; }, "spec.ports[1].containerPort", "duplicate port 8096/TCP"),
        ["hostPort too big"] = new(s => s.Ports![0].HostPort = 65536, "spec.ports[0].hostPort", "must be between 1 and 65535"),
        ["hostIP not an address"] = new(s => s.Ports![0].HostIP = "localhost", "spec.ports[0].hostIP", "IPv4 or IPv6 address"),
        ["hostIP :: matches nothing"] = new(s => s.Ports![0].HostIP = "::", "spec.ports[0].hostIP", "publishes on no address with netavark 1.4"),
        ["hostIP ::1 is never forwarded"] = new(s => s.Ports![0].HostIP = "::1", "spec.ports[0].hostIP", "use 127.0.0.1"),
        ["hostIP without hostPort"] = new(s => s.Ports![1].HostIP = "127.0.0.1", "spec.ports[1].hostIP", "needs hostPort"),
        ["hostPort clash on all interfaces"] = new(s => { s.Ports![1].HostPort = 8096; s.Ports[1].Protocol = "TCP"; }, "spec.ports[1].hostPort", "already published"),
        ["volume with neither name nor hostPath"] = new(s => s.Volumes![0].Name = null, "spec.volumes[0].name", "needs name (a managed volume) or hostPath"),
        ["volume name not DNS-1123"] = new(s => s.Volumes![0].Name = "Config_Dir", "spec.volumes[0].name", "DNS-1123 label"),
        ["volume hostPath relative"] = new(s => s.Volumes![1].HostPath = "srv/media", "spec.volumes[1].hostPath", "absolute path"),
        ["volume mountPath relative"] = new(s => s.Volumes![0].MountPath = "config", "spec.volumes[0].mountPath", "absolute path"),
        ["volume mountPath escaping"] = new(s => s.Volumes![0].MountPath = "/config/../etc", "spec.volumes[0].mountPath", "'..'"),
        ["mountPath shared by volume and config file"] = new(s => s.ConfigFiles![0].MountPath = "/config", "spec.configFiles[0].mountPath", "duplicate mount path \"/config\" (also spec.volumes[0].mountPath)"),
        ["config file mountPath relative"] = new(s => s.ConfigFiles![0].MountPath = "network.xml", "spec.configFiles[0].mountPath", "absolute path"),
        ["config file mode not octal"] = new(s => s.ConfigFiles![0].Mode = "0888", "spec.configFiles[0].mode", "octal file mode"),
        ["config file mode without leading zero"] = new(s => s.ConfigFiles![0].Mode = "444", "spec.configFiles[0].mode", "octal file mode"),
        ["device hostPath relative"] = new(s => s.Devices![0].HostPath = "dev/ttyACM0", "spec.devices[0].hostPath", "absolute path"),
        ["device containerPath relative"] = new(s => s.Devices![0].ContainerPath = "ttyACM0", "spec.devices[0].containerPath", "absolute path"),
        ["device permissions unknown"] = new(s => s.Devices![0].Permissions = "rx", "spec.devices[0].permissions", "combination of r, w and m"),
        ["device permissions repeated"] = new(s => s.Devices![0].Permissions = "rr", "spec.devices[0].permissions", "combination of r, w and m"),
        ["memory not a size"] = new(s => s.Resources!.Memory = "2GB", "spec.resources.memory", "is not a size"),
        ["memory tiny"] = new(s => s.Resources!.Memory = "512", "spec.resources.memory", "at least 4Mi"),
        ["cpus zero"] = new(s => s.Resources!.Cpus = "0", "spec.resources.cpus", "positive decimal"),
        ["cpus not a number"] = new(s => s.Resources!.Cpus = "two", "spec.resources.cpus", "positive decimal"),
        ["pids zero"] = new(s => s.Resources!.Pids = 0, "spec.resources.pids", "greater than 0"),
        ["health command empty"] = new(s => s.HealthCheck!.Command = [], "spec.healthCheck.command", "must name the program"),
        ["health interval not a duration"] = new(s => s.HealthCheck!.Interval = "30", "spec.healthCheck.interval", "needs a unit"),
        ["health timeout bad unit"] = new(s => s.HealthCheck!.Timeout = "5sec", "spec.healthCheck.timeout", "unknown unit \"sec\""),
        ["health startPeriod garbage"] = new(s => s.HealthCheck!.StartPeriod = "soon", "spec.healthCheck.startPeriod", "not a duration"),
        ["health retries zero"] = new(s => s.HealthCheck!.Retries = 0, "spec.healthCheck.retries", "at least 1"),
        ["restartPolicy unknown"] = new(s => s.RestartPolicy = "always", "spec.restartPolicy", "must be one of Always, OnFailure, Never"),
        ["stopGracePeriod not a duration"] = new(s => s.StopGracePeriod = "10", "spec.stopGracePeriod", "needs a unit"),
        ["runAsUser negative"] = new(s => s.SecurityContext!.RunAsUser = -1, "spec.securityContext.runAsUser", "0 or greater"),
        ["runAsGroup negative"] = new(s => s.SecurityContext!.RunAsGroup = -5, "spec.securityContext.runAsGroup", "0 or greater"),
        ["capability unknown"] = new(s => s.SecurityContext!.Capabilities!.Add![1] = "CAP_FLY", "spec.securityContext.capabilities.add[1]", "not a Linux capability"),
        ["userNamespace unknown"] = new(s => s.SecurityContext!.UserNamespace = "keep-id", "spec.securityContext.userNamespace", "must be one of auto, host"),
        ["ipFamilyPolicy unknown"] = new(s => s.IpFamilyPolicy = "DualStack", "spec.ipFamilyPolicy", "must be one of SingleStack, PreferDualStack, RequireDualStack"),
        ["ipFamily unknown"] = new(s => s.IpFamilies = ["IPv5"], "spec.ipFamilies[0]", "must be one of IPv4, IPv6"),
        ["ipFamily duplicate"] = new(s => s.IpFamilies = ["IPv4", "IPv4"], "spec.ipFamilies[1]", "duplicate family \"IPv4\""),
        ["single stack with two families"] = new(s => { s.IpFamilyPolicy = "SingleStack"; s.IpFamilies = ["IPv4", "IPv6"]; }, "spec.ipFamilies", "must name one family"),
        ["IPv6 single stack"] = new(s => { s.IpFamilyPolicy = "SingleStack"; s.IpFamilies = ["IPv6"]; }, "spec.ipFamilies", "IPv6 single stack is not supported"),
        ["extra network name invalid"] = new(s => s.ExtraNetworks![0].Name = "IoT", "spec.extraNetworks[0].name", "DNS-1123 label"),
        ["extra network driver unknown"] = new(s => s.ExtraNetworks![0].Driver = "bridge", "spec.extraNetworks[0].driver", "must be one of macvlan, ipvlan"),
        ["extra network parent missing"] = new(s => s.ExtraNetworks![0].Parent = "", "spec.extraNetworks[0].parent", "is required"),
        ["extra network subnet with host bits"] = new(s => { s.ExtraNetworks![0].Subnet = "192.168.50.7/24"; }, "spec.extraNetworks[0].subnet", "CIDR"),
        ["extra network gateway outside subnet"] = new(s => s.ExtraNetworks![0].Gateway = "192.168.51.1", "spec.extraNetworks[0].gateway", "not inside subnet"),
        ["extra network ip outside subnet"] = new(s => s.ExtraNetworks![0].Ip = "10.0.0.20", "spec.extraNetworks[0].ip", "not inside subnet"),
        ["extra network ip not an address"] = new(s => s.ExtraNetworks![0].Ip = "192.168.50.300", "spec.extraNetworks[0].ip", "IPv4 or IPv6"),
        ["extra network duplicate"] = new(s => s.ExtraNetworks!.Add(new ExtraNetwork { Name = "iot", Driver = "ipvlan", Parent = "eth2" }), "spec.extraNetworks[1].name", "duplicate network name \"iot\""),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_reference_service_is_valid() => CauseAssert.IsValid(Valid.Service());

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_names_the_json_field_it_refuses(string name)
    {
        var service = Valid.Service();
        var broken = Cases[name];
        broken.Break(service.Spec);
        CauseAssert.Single(service, broken.Field, broken.Message);
    }

    [Theory]
    [InlineData("caddy")]
    [InlineData("127.0.0.1:5000/homelab/caddy:2.8")]
    [InlineData("ghcr.io/home-assistant/home-assistant:2024.11.3")]
    [InlineData("postgres:16@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost/postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Image_references_of_every_form_are_accepted(string image)
    {
        var service = Valid.Service();
        service.Spec.Image = image;
        CauseAssert.IsValid(service);
    }

    [Theory]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("2001:db8::7")]
    [InlineData("0.0.0.0")]
    public void A_host_address_of_either_family_publishes(string hostIP)
    {
        var service = Valid.Service();
        service.Spec.Ports![0].HostIP = hostIP;
        CauseAssert.IsValid(service);
    }

    [Fact]
    public void A_minimal_service_needs_only_a_name_and_an_image()
    {
        var service = new Service { Metadata = { Name = "web" }, Spec = { Image = "nginx" } };
        CauseAssert.IsValid(service);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var service = Valid.Service();
        service.Spec.Ports![0].ContainerPort = 0;
        service.Spec.Ports[1].Protocol = "ICMP";
        service.Spec.RestartPolicy = "Sometimes";
        var fields = ResourceValidation.Validate(service).Select(c => c.Field).ToList();
        Assert.Equal(["spec.ports[0].containerPort", "spec.ports[1].protocol", "spec.restartPolicy"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Duplicates_carry_the_duplicate_reason()
    {
        var service = Valid.Service();
        service.Spec.Env![1].Name = "TZ";
        Assert.Equal(CauseReasons.Duplicate, CauseAssert.Single(service, "spec.env[1].name", "duplicate").Reason);
    }

    [Fact]
    public void A_specific_host_address_may_reuse_a_port_of_another_specific_address()
    {
        var service = Valid.Service();
        service.Spec.Ports = [
            new ServicePort { ContainerPort = 80, HostPort = 8080, HostIP = "127.0.0.1" },
            new ServicePort { ContainerPort = 81, HostPort = 8080, HostIP = "192.168.1.10" },
        ];
        CauseAssert.IsValid(service);
    }

    [Fact]
    public void A_port_without_protocol_clashes_with_the_same_port_over_tcp()
    {
        var service = Valid.Service();
        service.Spec.Ports = [new ServicePort { ContainerPort = 80 }, new ServicePort { ContainerPort = 80, Protocol = "TCP" }];
        CauseAssert.Single(service, "spec.ports[1].containerPort", "duplicate port 80/TCP");
    }
}
