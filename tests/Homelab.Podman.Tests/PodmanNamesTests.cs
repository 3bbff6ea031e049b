using Xunit;

namespace Homelab.Podman.Tests;

public sealed class PodmanNamesTests
{
    [Fact]
    public void Short_names_are_readable()
    {
        Assert.Equal("hl-media-jellyfin", PodmanNames.Network("media", "jellyfin"));
        Assert.Equal("hl-media-jellyfin", PodmanNames.Container("media", "jellyfin"));
        Assert.Equal("hl-media-jellyfin-next", PodmanNames.ReplacementContainer("media", "jellyfin"));
        Assert.Equal("hl-media-jellyfin-config", PodmanNames.Volume("media", "jellyfin", "config"));
    }

    [Fact]
    public void Bridge_names_fit_a_linux_interface_name_and_differ_per_service()
    {
        var bridge = PodmanNames.Bridge("media", "jellyfin");

        Assert.Matches("^hl[0-9a-f]{10}$", bridge);
        Assert.True(bridge.Length <= PodmanNames.MaxInterfaceLength);
        Assert.Equal(bridge, PodmanNames.Bridge("media", "jellyfin"));
        Assert.NotEqual(bridge, PodmanNames.Bridge("media", "jellyfi"));
        Assert.NotEqual(PodmanNames.Bridge("a-b", "c"), PodmanNames.Bridge("a", "b-c"));
    }

    [Fact]
    public void Long_names_are_truncated_with_a_hash_so_they_stay_unique_and_bounded()
    {
        var ns = new string('n', 63);
        var one = PodmanNames.Container(ns, new string('a', 63));
        var other = PodmanNames.Container(ns, new string('a', 62) + "b");

        Assert.NotEqual(one, other);
        Assert.True(PodmanNames.ReplacementContainer(ns, new string('a', 63)).Length <= PodmanNames.MaxNameLength);
        Assert.True(PodmanNames.Network(ns, new string('a', 63)).Length <= PodmanNames.MaxNameLength);
        Assert.StartsWith("hl-nnnn", one, StringComparison.Ordinal);
    }
}
