using Xunit;

namespace Homelab.Podman.Tests;

/// <summary>Samples are trimmed from what podman 4.3.1 printed on Debian 12.</summary>
public sealed class PodmanJsonTests
{
    [Fact]
    public void Container_inspect_yields_state_health_restarts_digest_labels_addresses_and_macs()
    {
        const string json = """
            [{"Id":"2201","Name":"hl-default-web","State":{"Status":"running","Running":true,"ExitCode":0,"Error":"",
              "Health":{"Status":"starting","FailingStreak":0,"Log":null}},"RestartCount":3,
              "ImageDigest":"sha256:526e","Config":{"Labels":{"homelab.dev/name":"web"}},
              "NetworkSettings":{"Networks":{"hl-default-web":{"Gateway":"10.91.250.1","IPAddress":"10.91.250.2","MacAddress":"5e:0c:1a:2b:3c:4d"}}}}]
            """;

        var container = Assert.Single(PodmanJson.Containers(json));

        Assert.Equal(("2201", "hl-default-web", "running"), (container.Id, container.Name, container.State));
        Assert.Equal(3, container.RestartCount);
        Assert.Equal(HealthStates.Starting, container.Health);
        Assert.Equal("sha256:526e", container.ImageDigest);
        Assert.Null(container.Error);
        Assert.Equal("web", container.Label("homelab.dev/name"));
        Assert.Equal("10.91.250.2", container.Addresses["hl-default-web"]);
        Assert.Equal("5e:0c:1a:2b:3c:4d", container.MacAddresses["hl-default-web"]);
    }

    [Fact]
    public void Start_and_exit_times_are_read_with_their_offset_and_the_zero_time_means_never()
    {
        const string json = """
            [{"Id":"2202","Name":"hl-default-job","State":{"Status":"exited","ExitCode":3,
              "StartedAt":"2026-11-26T07:11:32.343345343Z","FinishedAt":"2026-11-26T08:11:33.344998168+01:00"}},
             {"Id":"2203","Name":"hl-default-new","State":{"Status":"created","StartedAt":"0001-01-01T00:00:00Z","FinishedAt":"0001-01-01T00:00:00Z"}}]
            """;

        var containers = PodmanJson.Containers(json);

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 7, 11, 32, TimeSpan.Zero).AddTicks(3433453), containers[0].StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 7, 11, 33, TimeSpan.Zero).AddTicks(3449982), containers[0].FinishedAt);
        Assert.Equal((null, null), (containers[1].StartedAt, containers[1].FinishedAt));
    }

    [Fact]
    public void An_event_line_yields_the_container_what_happened_and_its_labels_and_anything_else_is_skipped()
    {
        const string died = """{"ContainerExitCode":3,"ID":"8a81","Image":"localhost/homelab/busybox:1","Name":"hl-default-web","Status":"died","Time":"2026-11-26T07:11:57.516192551Z","Type":"container","Attributes":{"homelab.dev/name":"web"}}""";

        var e = PodmanJson.ContainerEvent(died);

        Assert.Equal(("8a81", "hl-default-web", ContainerEventStatuses.Died), (e!.Id, e.Name, e.Status));
        Assert.Equal("web", e.Label("homelab.dev/name"));
        Assert.Null(PodmanJson.ContainerEvent("failed to connect to syslog: Initialization"));
        Assert.Null(PodmanJson.ContainerEvent("{\"Type\":\"image\",\"ID\":\"1f2e\",\"Status\":\"pull\"}"));
        Assert.Null(PodmanJson.ContainerEvent("{not json"));
    }

    [Fact]
    public void Network_inspect_yields_id_bridge_subnet_gateway_and_labels()
    {
        const string json = """
            [{"name":"hl-default-web","id":"4f5e1ad7c01dd2b1","driver":"bridge","network_interface":"hlabc1234567",
              "subnets":[{"subnet":"10.91.250.0/24","gateway":"10.91.250.1"}],"labels":{"a":"b"},"options":{"isolate":"true"}}]
            """;

        var network = Assert.Single(PodmanJson.Networks(json));

        Assert.Equal(("hl-default-web", "bridge", "hlabc1234567"), (network.Name, network.Driver, network.BridgeName));
        Assert.Equal(("10.91.250.0/24", "10.91.250.1"), (network.Subnet, network.Gateway));
        Assert.Equal("b", network.Labels["a"]);
        Assert.Equal("4f5e1ad7c01dd2b1", network.IdOrName);
    }

    [Fact]
    public void A_dual_stack_network_yields_its_subnet_of_each_family_whatever_their_order()
    {
        const string json = """
            [{"name":"hl-default-web","driver":"bridge","network_interface":"hlabc1234567",
              "subnets":[{"subnet":"fd12:3456:789a:3::/64","gateway":"fd12:3456:789a:3::1"},{"subnet":"10.91.3.0/24","gateway":"10.91.3.1"}]}]
            """;

        var network = Assert.Single(PodmanJson.Networks(json));

        Assert.Equal(("10.91.3.0/24", "10.91.3.1"), (network.Subnet, network.Gateway));
        Assert.Equal(("fd12:3456:789a:3::/64", "fd12:3456:789a:3::1"), (network.Subnet6, network.Gateway6));
    }

    [Fact]
    public void Empty_output_is_an_empty_list_and_garbage_is_a_podman_error()
    {
        Assert.Empty(PodmanJson.Volumes(""));
        Assert.Empty(PodmanJson.Networks("null"));
        Assert.Throws<PodmanException>(() => PodmanJson.Images("{not json"));
        Assert.Throws<PodmanException>(() => PodmanJson.LocalImages("<html>"));
    }

    [Fact]
    public void Podman_images_yields_names_digests_creation_and_use_with_nulls_as_empty()
    {
        const string json = """
            [{"Id":"aaa","Names":["127.0.0.1:5000/hltest/app:1.0"],"RepoDigests":["127.0.0.1:5000/hltest/app@sha256:11"],"Created":1795637738,"Containers":2},
             {"Id":"bbb","Names":null,"RepoDigests":null,"Created":"soon"}]
            """;

        var images = PodmanJson.LocalImages(json);

        Assert.Equal(("aaa", 2, 1795637738L), (images[0].Id, images[0].Containers, images[0].Created.ToUnixTimeSeconds()));
        Assert.Equal(["127.0.0.1:5000/hltest/app:1.0"], images[0].Names);
        Assert.Equal(["127.0.0.1:5000/hltest/app@sha256:11"], images[0].RepoDigests);
        Assert.Empty(images[1].Names);
        Assert.Empty(images[1].RepoDigests);
        Assert.Equal((DateTimeOffset.MinValue, 0), (images[1].Created, images[1].Containers));
    }
}
