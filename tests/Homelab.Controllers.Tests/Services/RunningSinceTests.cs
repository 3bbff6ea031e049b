using Homelab.Controllers.Services;
using Homelab.Podman;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

public sealed class RunningSinceTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_container_described_without_a_start_time_is_the_same_run()
    {
        var since = new RunningSince();
        var described = new ContainerInfo("c1", "hl-default-web", ContainerStates.Running, new Dictionary<string, string>()) { StartedAt = Now };

        since.Seen("uid", described, Now);

        Assert.Equal(Now, since.Seen("uid", described with { StartedAt = null }, Now.AddSeconds(5)));
    }

    [Fact]
    public void A_new_start_time_or_container_is_a_new_run()
    {
        var since = new RunningSince();
        var first = new ContainerInfo("c1", "hl-default-web", ContainerStates.Running, new Dictionary<string, string>()) { StartedAt = Now };
        since.Seen("uid", first, Now);

        Assert.Equal(Now.AddSeconds(5), since.Seen("uid", first with { StartedAt = Now.AddSeconds(4) }, Now.AddSeconds(5)));
        Assert.Equal(Now.AddSeconds(6), since.Seen("uid", first with { Id = "c2" }, Now.AddSeconds(6)));
    }
}
