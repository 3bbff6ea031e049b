using System.Net;
using Homelab.Server.Kubernetes;

namespace Homelab.Server.Tests.Kubernetes;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("6443", "127.0.0.1:6443", "https://127.0.0.1:6443")]
    [InlineData(":6443", "127.0.0.1:6443", "https://127.0.0.1:6443")]
    [InlineData("192.168.1.5:6443", "192.168.1.5:6443", "https://192.168.1.5:6443")]
    [InlineData("0.0.0.0:6443", "0.0.0.0:6443", "https://127.0.0.1:6443")]
    [InlineData("[::1]:6443", "[::1]:6443", "https://[::1]:6443")]
    public void A_bare_port_is_loopback_and_an_address_is_taken_as_named(string text, string endPoint, string url)
    {
        Assert.True(ListenAddress.TryParse(text, out var parsed, out _));
        Assert.Equal(IPEndPoint.Parse(endPoint), parsed);
        Assert.Equal(url, ListenAddress.ServerUrl(parsed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost:6443")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("70000")]
    public void Anything_else_is_refused(string text) => Assert.False(ListenAddress.TryParse(text, out _, out _));
}
