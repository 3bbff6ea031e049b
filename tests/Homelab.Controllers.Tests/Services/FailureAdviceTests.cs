using Homelab.Controllers.Services;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

public sealed class FailureAdviceTests
{
    [Theory]
    [InlineData(ServiceReasons.StartFailed, "rootlessport listen tcp 127.0.0.1:8080: bind: address already in use", "change spec.ports[].hostPort")]
    [InlineData(ServiceReasons.ImagePullFailed, "reading manifest 2.9 in 127.0.0.1:5000/homelab/caddy: manifest unknown", "push it, or fix spec.image")]
    [InlineData(ServiceReasons.StartFailed, "IPAM error: requested ip address 10.91.3.2 is already allocated to container ID 15dd3c0a9b8e", "if it still exists, remove it")]
    public void A_cause_outside_the_controller_says_what_to_do_after_podmans_words(string reason, string message, string advice)
    {
        var said = FailureAdvice.For(reason, message);

        Assert.StartsWith(message, said, StringComparison.Ordinal);
        Assert.Contains(advice, said, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_failures_keep_podmans_words_alone() =>
        Assert.Equal("container exited right after it started, exit code 1", FailureAdvice.For(ServiceReasons.StartFailed, "container exited right after it started, exit code 1"));
}
