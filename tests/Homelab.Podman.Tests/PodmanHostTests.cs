using Xunit;

namespace Homelab.Podman.Tests;

public sealed class PodmanHostTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("hltest-podmanhost-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("0\n", true)]
    [InlineData("1\n", false)]
    [InlineData(null, false)]
    public void IPv6_is_on_only_where_the_kernel_switch_exists_and_says_0(string? content, bool expected)
    {
        var file = Path.Combine(_dir.FullName, "disable_ipv6");
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        Assert.Equal(expected, PodmanHost.HasIpv6(file));
    }
}
