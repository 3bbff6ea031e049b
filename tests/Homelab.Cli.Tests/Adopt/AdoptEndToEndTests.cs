using Homelab.Cli.Tests.EndToEnd;
using Homelab.Cli.Tests.Import.Compose;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Adopt;

/// <summary>
/// import compose --adopt against a container that real Podman runs outside Homelab: the plan names what stays and
/// what changes, and the container is left exactly as it was (same id, still running).
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AdoptEndToEndTests : IAsyncLifetime
{
    private readonly string _container = "hltest-adopt-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _dir = Directory.CreateTempSubdirectory("hltest-adopt-").FullName;
    private string _id = "";

    public async Task InitializeAsync() =>
        _id = (await HostCommand.RunAsync("podman", "run", "-d", "--name", _container, "-e", "PORT=8080", "-e", "OLD_SETTING=1",
            $"{PodmanHostFixture.Registry}/homelab/caddy:2.8")).Trim();

    public async Task DisposeAsync()
    {
        await HostCommand.ExecAsync(["podman", "rm", "-f", "-t", "0", _container]);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Adopt_compares_the_running_container_with_the_service_and_leaves_it_running()
    {
        var compose = Path.Combine(_dir, "compose.yaml");
        await File.WriteAllTextAsync(compose, $$"""
            services:
              web:
                container_name: {{_container}}
                image: {{PodmanHostFixture.Registry}}/homelab/caddy:2.8
                environment:
                  PORT: "8080"
                  GREETING: hello
              other:
                image: {{PodmanHostFixture.Registry}}/homelab/caddy:2.8
            """);

        using var run = await ComposeImportRun.RunAsync(new Dictionary<string, string>(), "compose", "-f", compose, "-p", "adopttest", "--adopt");

        Assert.True(run.ExitCode == 0, run.Err);
        var plan = run.Out.Split('\n').Where(l => !l.StartsWith(run.Output, StringComparison.Ordinal)).ToList();
        Assert.Contains($"service web: container {_container} (running) becomes hl-adopttest-web", plan);
        Assert.Contains("  unchanged: image, command, workingDir, ports, volumes, user, readOnlyRootFilesystem, privileged, capabilities.add", plan);
        Assert.Contains("  changes: environment: GREETING is set (the container does not have it)", plan);
        Assert.Contains("  changes: environment: OLD_SETTING is dropped (the container has it; the Service does not set it)", plan);
        Assert.Contains("service other: no container adopttest-other-1 or adopttest_other_1: nothing to adopt", plan);
        Assert.Contains(plan, l => l.StartsWith($"to hand over: ", StringComparison.Ordinal) && l.Contains($"podman stop {_container}", StringComparison.Ordinal));
        var inspect = await HostCommand.RunAsync("podman", "container", "inspect", "--format", "{{.Id}} {{.State.Status}}", _container);
        Assert.Equal($"{_id} running", inspect.Trim());
    }
}
