using System.Net.Http.Headers;
using Homelab.Api.Protocol;
using Xunit;

namespace Homelab.Api.Tests.Protocol;

public sealed class WarningHeaderTests
{
    [Theory]
    [InlineData("plain words")]
    [InlineData("host path \"/srv\" is not allowed \\ here")]
    public void Text_survives_the_header_and_dotnet_parser(string text)
    {
        var parsed = WarningHeaderValue.Parse(WarningHeader.Format(text));

        Assert.Equal((299, "-"), (parsed.Code, parsed.Agent));
        Assert.Equal(text, WarningHeader.Unquote(parsed.Text));
    }

    [Fact]
    public void Characters_a_header_cannot_carry_become_question_marks() =>
        Assert.Equal("299 - \"caf? one?two\"", WarningHeader.Format("café one\ntwo"));
}
