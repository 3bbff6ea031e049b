using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Store;
using Microsoft.Extensions.Options;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

public sealed class ServiceContainerEventsTests
{
    [Fact]
    public async Task A_died_or_removed_managed_container_asks_to_reconcile_its_Service_and_nothing_else_does()
    {
        var podman = new FakeContainerRuntime();
        var watch = new ServiceContainerEvents(podman, Options.Create(new PodmanOptions { ManagedBy = "hltest" }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var mine = HomelabLabels.For("media", "jellyfin", "u1", "hltest");
        var theirs = HomelabLabels.For("media", "other", "u2", "another-daemon");

        podman.Events.Writer.TryWrite(new ContainerEvent("c1", "hl-media-jellyfin", "start", mine));
        podman.Events.Writer.TryWrite(new ContainerEvent("c1", "hl-media-jellyfin", ContainerEventStatuses.Died, mine));
        podman.Events.Writer.TryWrite(new ContainerEvent("c2", "hl-media-other", ContainerEventStatuses.Died, theirs));
        podman.Events.Writer.TryWrite(new ContainerEvent("c1", "hl-media-jellyfin", ContainerEventStatuses.Remove, mine));
        podman.Events.Writer.Complete();

        var keys = new List<ObjectKey>();
        await foreach (var key in watch.WatchAsync(timeout.Token))
        {
            keys.Add(key);
        }

        Assert.Equal([ResourceKeys.Of<Service>("media", "jellyfin"), ResourceKeys.Of<Service>("media", "jellyfin")], keys);
    }
}
