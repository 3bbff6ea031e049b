using System.CommandLine;
using Homelab.Server.Hosting;

namespace Homelab.Server.Tests;

public sealed class RotateKeyCommandTests
{
    [Fact]
    public async Task Rotate_key_refuses_while_the_daemon_holds_the_store_and_rotates_once_it_is_stopped()
    {
        var daemon = await TestDaemon.StartAsync();
        var dataDir = daemon.Options.DataDir;
        var root = daemon.Root;
        try
        {
            var error = new StringWriter();
            var refused = await ServerCommandLine.Create(new ControllerCatalog(), error).Parse(["rotate-key", "--data-dir", dataDir]).InvokeAsync();
            Assert.Equal(ExitCodes.StartupFailed, refused);
            Assert.Contains("stop the daemon first, rotate, then start it again", error.ToString(), StringComparison.Ordinal);

            await daemon.App.StopAsync();
            await daemon.App.DisposeAsync();
            var output = new StringWriter();
            var rotated = await ServerCommandLine.Create(new ControllerCatalog(), TextWriter.Null).Parse(["rotate-key", "--data-dir", dataDir])
                .InvokeAsync(new InvocationConfiguration { Output = output });

            Assert.Equal(ExitCodes.Success, rotated);
            Assert.Equal("secret key rotated: k2 now encrypts 0 Secret(s) and 0 changelog entries; retired: k1\n", output.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
