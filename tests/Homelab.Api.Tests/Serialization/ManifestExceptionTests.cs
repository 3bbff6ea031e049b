using Homelab.Api.Serialization;
using Xunit;

namespace Homelab.Api.Tests.Serialization;

public sealed class ManifestExceptionTests
{
    [Fact]
    public void A_known_position_is_printed_with_line_and_column()
    {
        var e = new ManifestException("", "duplicate key", "app.yaml", 0, 3, 5);
        Assert.Equal("app.yaml (document 1, line 3, column 5): duplicate key", e.Message);
    }

    [Fact]
    public void Without_a_column_the_message_names_where_the_document_starts_and_no_column()
    {
        var e = new ManifestException("spec.bogus", "unknown field").WithLocation("app.json", 0, 1);
        Assert.Equal("app.json (document 1, from line 1): spec.bogus: unknown field", e.Message);
    }
}
