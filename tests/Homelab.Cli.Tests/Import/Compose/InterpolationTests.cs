using Homelab.Translation.Import;
using Homelab.Translation.Import.Compose;

namespace Homelab.Cli.Tests.Import.Compose;

public sealed class InterpolationTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["SET"] = "value", ["EMPTY"] = "" };

    private static string Apply(string text) => Interpolation.Apply(text, n => Variables.GetValueOrDefault(n));

    [Theory]
    [InlineData("$SET and ${SET}", "value and value")]
    [InlineData("${UNSET}", "")]
    [InlineData("${UNSET:-d} ${EMPTY:-d} ${SET:-d}", "d d value")]
    [InlineData("${UNSET-d} ${EMPTY-d} ${SET-d}", "d  value")]
    [InlineData("${UNSET:+a} ${EMPTY:+a} ${SET:+a}", "  a")]
    [InlineData("${UNSET+a} ${EMPTY+a} ${SET+a}", " a a")]
    [InlineData("$$SET $${SET} $$", "$SET ${SET} $")]
    [InlineData("${UNSET:-${SET}-x}", "value-x")]
    [InlineData("price $5 and a lone $", "price $5 and a lone $")]
    public void Every_form_of_the_specification_gives_what_Compose_gives(string text, string expected) =>
        Assert.Equal(expected, Apply(text));

    [Theory]
    [InlineData("${UNSET:?needs a value}", "required variable UNSET is missing: needs a value")]
    [InlineData("${EMPTY:?}", "required variable EMPTY is empty")]
    [InlineData("${UNSET?gone}", "required variable UNSET is missing: gone")]
    [InlineData("${1BAD}", "a variable name starts with a letter or '_'")]
    [InlineData("${SET", "is never closed")]
    [InlineData("${SET%x}", "after the name comes")]
    public void A_required_variable_or_a_malformed_expression_fails_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<ImportException>(() => Apply(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void An_empty_value_satisfies_the_form_without_a_colon() => Assert.Equal("", Apply("${EMPTY?never}"));
}
