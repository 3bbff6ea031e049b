using Homelab.Api.Resources;
using Homelab.Cli.Adopt;

namespace Homelab.Cli.Tests.Adopt;

public sealed class AdoptionCheckTests
{
    private static readonly ImageDefaults Caddy = new()
    {
        Cmd = ["/bin/sh", "-c", "exec httpd -f"],
        Env = new Dictionary<string, string> { ["PATH"] = "/bin:/sbin" },
        WorkingDir = "/",
    };

    private static RunningContainer Container() => new("web-1", "running", "docker.io/library/caddy:latest")
    {
        Cmd = Caddy.Cmd,
        Env = new Dictionary<string, string> { ["PATH"] = "/bin:/sbin", ["container"] = "podman", ["HOSTNAME"] = "abc", ["PORT"] = "8080" },
        WorkingDir = "/",
        Ports = [new PublishedPort("0.0.0.0", 8080, 80, "tcp")],
        Mounts = [new ContainerMount("bind", null, "/srv/site", "/srv", ReadOnly: true)],
        CapAdd = ["CAP_NET_BIND_SERVICE"],
        User = "1000:1000",
        Defaults = Caddy,
    };

    private static ServiceSpec Spec() => new()
    {
        Image = "caddy",
        Env = [new EnvVar { Name = "PORT", Value = "8080" }],
        Ports = [new ServicePort { ContainerPort = 80, HostPort = 8080 }],
        Volumes = [new VolumeMount { HostPath = "/srv/site", MountPath = "/srv", ReadOnly = true }],
        SecurityContext = new SecurityContext { RunAsUser = 1000, RunAsGroup = 1000, Capabilities = new Capabilities { Add = ["NET_BIND_SERVICE"] } },
    };

    [Fact]
    public void A_container_run_as_the_service_says_has_no_changes_whatever_podman_and_the_image_add()
    {
        var check = AdoptionCheck.Compare(Spec(), Container());

        Assert.Empty(check.Changes);
        Assert.Equal(["image", "command", "environment", "workingDir", "ports", "volumes", "user", "readOnlyRootFilesystem", "privileged", "capabilities.add"], check.Same);
    }

    [Fact]
    public void Each_difference_is_named_by_field_and_environment_values_are_never_shown()
    {
        var spec = Spec();
        spec.Image = "caddy:2.8";
        spec.Args = ["caddy", "run"];
        spec.Env = [new EnvVar { Name = "PORT", Value = "9090" }, new EnvVar { Name = "TOKEN", Value = "s3cret" }];
        spec.Ports = [new ServicePort { ContainerPort = 80, HostPort = 8080, HostIP = "127.0.0.1" }];
        spec.Volumes = [new VolumeMount { Name = "site", MountPath = "/srv" }, new VolumeMount { Name = "data", MountPath = "/data" }];
        spec.SecurityContext!.ReadOnlyRootFilesystem = true;
        spec.SecurityContext.Capabilities = null;
        var container = Container() with { Env = new Dictionary<string, string>(Container().Env) { ["OLD"] = "x", ["PORT"] = "8080" } };

        var check = AdoptionCheck.Compare(spec, container);

        Assert.Equal(
        [
            "image: docker.io/library/caddy:latest → caddy:2.8",
            "command: [\"/bin/sh\", \"-c\", \"exec httpd -f\"] → [\"caddy\", \"run\"]",
            "environment: PORT has another value",
            "environment: TOKEN is set (the container does not have it)",
            "environment: OLD is dropped (the container has it; the Service does not set it)",
            "ports: 8080->80/tcp is no longer published",
            "ports: 127.0.0.1:8080->80/tcp is published (the container does not publish it)",
            "volumes: /srv: the volume /srv/site → a volume of the Service's own (site), with the data copied",
            "volumes: /data is mounted (the container has nothing there)",
            "readOnlyRootFilesystem: false → true",
            "capabilities.add: CAP_NET_BIND_SERVICE is no longer added",
        ], check.Changes);
        Assert.DoesNotContain(check.Changes, c => c.Contains("s3cret", StringComparison.Ordinal) || c.Contains("9090", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bind_mount_from_another_host_path_and_a_container_mount_the_service_drops_are_changes()
    {
        var spec = Spec();
        spec.Volumes = [new VolumeMount { HostPath = "/srv/other", MountPath = "/srv", ReadOnly = true }];
        var container = Container() with { Mounts = [.. Container().Mounts, new ContainerMount("volume", "cache", null, "/cache", false)] };

        var check = AdoptionCheck.Compare(spec, container);

        Assert.Equal(["volumes: /cache is no longer mounted", "volumes: /srv: /srv/site → /srv/other"], check.Changes);
    }
}
