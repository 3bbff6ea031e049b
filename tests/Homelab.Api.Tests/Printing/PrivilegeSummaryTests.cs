using Homelab.Api.Resources;
using Xunit;
using Homelab.Api.Printing;

namespace Homelab.Api.Tests.Printing;

public sealed class PrivilegeSummaryTests
{
    [Fact]
    public void A_plain_service_asks_for_nothing()
    {
        var spec = new ServiceSpec
        {
            Image = "nginx:1.27",
            Ports = [new ServicePort { ContainerPort = 80, HostPort = 8080 }],
            Volumes = [new VolumeMount { Name = "data", MountPath = "/data" }],
            SecurityContext = new SecurityContext { UserNamespace = "auto", Privileged = false, Capabilities = new Capabilities { Add = [] } },
        };

        Assert.Equal("none", PrivilegeSummary.Format(spec));
    }

    [Fact]
    public void Every_kind_of_privilege_is_named()
    {
        var spec = new ServiceSpec
        {
            Image = "x:1",
            SecurityContext = new SecurityContext { Privileged = true, UserNamespace = "host", Capabilities = new Capabilities { Add = ["NET_ADMIN"] } },
            Devices = [new DeviceMapping { HostPath = "/dev/dri/renderD128" }],
            Volumes = [new VolumeMount { HostPath = "/srv/media", MountPath = "/media" }],
            Ports = [new ServicePort { ContainerPort = 53, HostPort = 53, Protocol = "UDP" }, new ServicePort { ContainerPort = 8080, HostPort = 8080 }],
        };

        Assert.Equal(
            ["privileged", "cap:NET_ADMIN", "device:/dev/dri/renderD128", "hostPath:/srv/media", "userns:host", "hostPort:53"],
            PrivilegeSummary.Collect(spec));
    }
}
