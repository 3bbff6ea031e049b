using Homelab.Translation.Import;
using Homelab.Translation.Import.Compose;
using Homelab.Translation.Import.Quadlet;

namespace Homelab.Cli.Tests.Import.Quadlet;

public sealed class SystemdUnitTests
{
    [Fact]
    public void Keys_keep_their_section_every_repeat_in_order_and_their_line()
    {
        var entries = SystemdUnit.Parse("""
            # a comment
            [Unit]
            Description = The web front

            [Container]
            ; another comment
            Environment=A=1
            Environment=B=2
            """, "web.container", "/root");

        Assert.Equal(
        [
            new UnitEntry("Unit", "Description", "The web front", 3),
            new UnitEntry("Container", "Environment", "A=1", 7),
            new UnitEntry("Container", "Environment", "B=2", 8),
        ], entries);
    }

    [Fact]
    public void A_trailing_backslash_continues_the_value_on_the_next_line()
    {
        var entry = Assert.Single(SystemdUnit.Parse("[Container]\nPodmanArgs=--memory 512m \\\n  --pids-limit 100\n", "a.container", "/root"));

        Assert.Equal("--memory 512m  --pids-limit 100", entry.Value);
        Assert.Equal(2, entry.Line);
    }

    [Fact]
    public void The_home_runtime_and_percent_specifiers_are_expanded_and_others_kept()
    {
        var entry = Assert.Single(SystemdUnit.Parse("[Container]\nVolume=%h/site:/srv\nExec=echo 100%% %t/x %n\n", "a.container", "/home/me").Skip(1));
        var volume = SystemdUnit.Parse("[Container]\nVolume=%h/site:/srv\n", "a.container", "/home/me")[0];

        Assert.Equal("/home/me/site:/srv", volume.Value);
        Assert.Equal("echo 100% /run/x %n", entry.Value);
    }

    [Theory]
    [InlineData("[Container\nImage=x\n", "a.container: line 1: \"[Container\" is not a [Section] header")]
    [InlineData("[Container]\nImage\n", "a.container: line 2: \"Image\" is not Key=Value")]
    public void A_line_that_is_not_a_unit_file_line_is_an_error_naming_file_and_line(string text, string message)
    {
        var error = Assert.Throws<ImportException>(() => SystemdUnit.Parse(text, "a.container", "/root"));

        Assert.Equal(message, error.Message);
    }
}
