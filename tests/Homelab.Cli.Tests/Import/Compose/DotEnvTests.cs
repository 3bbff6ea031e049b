using Homelab.Translation.Import;
using Homelab.Translation.Import.Compose;

namespace Homelab.Cli.Tests.Import.Compose;

public sealed class DotEnvTests
{
    [Fact]
    public void Quotes_comments_export_and_earlier_variables_read_as_Compose_reads_them()
    {
        var values = DotEnv.Parse("""
            # a comment
            export A=1
            B = two words # trailing comment
            C='single $A # kept'
            D="double $A\n${B}"
            E=${A}-${OUTER}
            INHERITED
            MISSING
            """, ".env", n => n is "OUTER" or "INHERITED" ? "outer" : null);

        Assert.Equal(new Dictionary<string, string>
        {
            ["A"] = "1", ["B"] = "two words", ["C"] = "single $A # kept", ["D"] = "double 1\ntwo words", ["E"] = "1-outer", ["INHERITED"] = "outer",
        }, values);
    }

    [Fact]
    public void A_line_that_is_not_a_variable_names_the_file_and_line() =>
        Assert.Equal(".env: line 2: \"not a variable\" is not KEY=VALUE", Assert.Throws<ImportException>(() => DotEnv.Parse("A=1\nnot a variable\n", ".env", _ => null)).Message);
}
