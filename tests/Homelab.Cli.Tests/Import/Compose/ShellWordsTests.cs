using Homelab.Translation.Import;
using Homelab.Translation.Import.Compose;

namespace Homelab.Cli.Tests.Import.Compose;

public sealed class ShellWordsTests
{
    [Theory]
    [InlineData("a  b\tc", new[] { "a", "b", "c" })]
    [InlineData("sh -c 'echo $HOME; exit 1'", new[] { "sh", "-c", "echo $HOME; exit 1" })]
    [InlineData("echo \"a \\\"quoted\\\" \\$word\" x\\ y", new[] { "echo", "a \"quoted\" $word", "x y" })]
    [InlineData("a\"\"b '' \"\"", new[] { "ab", "", "" })]
    public void A_command_string_splits_as_a_shell_splits_it(string text, string[] words) =>
        Assert.Equal(words, ShellWords.Split(text));

    [Theory]
    [InlineData("echo 'open")]
    [InlineData("echo \"open")]
    public void An_unterminated_quote_is_an_error(string text) =>
        Assert.Contains("unterminated", Assert.Throws<ImportException>(() => ShellWords.Split(text)).Message, StringComparison.Ordinal);
}
