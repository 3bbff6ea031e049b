using Homelab.Cli.Tests.EndToEnd;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Adopt;

/// <summary>
/// The hand-over --adopt prints, followed on real Podman: a container published on a loopback port, run outside
/// Homelab, is imported with --adopt (ports and environment unchanged), stopped, and the applied Service serves on the
/// same port.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AdoptHandOverEndToEndTests : IAsyncLifetime
{
    private readonly InstanceDaemon _host = new("all", "hltest-adopt-handover-");
    private readonly int _port = Loopback.FreePort();
    private string Foreign => _host.Name + "-web";

    public async Task InitializeAsync()
    {
        await _host.Daemon.StartAsync();
        await HostCommand.RunAsync("podman", "run", "-d", "--name", Foreign, "-p", $"127.0.0.1:{_port}:8080", "-e", "PORT=8080",
            $"{PodmanHostFixture.Registry}/homelab/caddy:2.8");
    }

    public async Task DisposeAsync()
    {
        await HostCommand.ExecAsync(["podman", "rm", "-f", "-t", "0", Foreign]);
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Following_the_adopt_plan_moves_the_service_to_homelab_on_the_same_port()
    {
        await Loopback.GetAsync(_port);
        var compose = Path.Combine(_host.Dir, "compose.yaml");
        await File.WriteAllTextAsync(compose, $$"""
            services:
              web:
                container_name: {{Foreign}}
                image: {{PodmanHostFixture.Registry}}/homelab/caddy:2.8
                environment: [PORT=8080]
                ports: ["127.0.0.1:{{_port}}:8080"]
            """);
        var output = Path.Combine(_host.Dir, "homelab");

        var import = await Hlctl.RunAsync(_host.Daemon.Socket, "import", "compose", "-f", compose, "-n", _host.Name, "-o", output, "--adopt");

        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains("  unchanged: image, command, environment, workingDir, ports, volumes, user, readOnlyRootFilesystem, privileged, capabilities.add\n", import.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("  changes:", import.Out, StringComparison.Ordinal);
        Assert.Contains($"podman stop {Foreign}", import.Out, StringComparison.Ordinal);

        await HostCommand.RunAsync("podman", "stop", "-t", "2", Foreign);
        var apply = await Hlctl.RunAsync(_host.Daemon.Socket, "apply", "-f", output, "-R", "--wait", "--timeout", "120s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + _host.Daemon.Log);

        Assert.NotEmpty(await Loopback.GetAsync(_port));
        Assert.Equal("running", (await HostCommand.RunAsync("podman", "container", "inspect", "--format", "{{.State.Status}}", $"hl-{_host.Name}-web")).Trim());
        Assert.Equal("exited", (await HostCommand.RunAsync("podman", "container", "inspect", "--format", "{{.State.Status}}", Foreign)).Trim());
    }
}
