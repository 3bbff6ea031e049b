using Xunit;

namespace Homelab.Podman.Tests;

public sealed class OciStateTests
{
    [Theory]
    [InlineData("""{"ociVersion":"1.0.2","id":"c1","pid":42,"status":"running"}""", true)]
    [InlineData("""{"ociVersion":"1.0.2","id":"c1","pid":0,"status":"stopped"}""", false)]
    [InlineData("""{"ociVersion":"1.0.2","id":"c1"}""", null)]
    [InlineData("not json", null)]
    public void The_oci_runtimes_state_reads_as_running_stopped_or_unknown(string json, bool? running) =>
        Assert.Equal(running, OciState.IsRunning(json));
}
