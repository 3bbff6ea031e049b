using System.Text.Json.Nodes;
using Homelab.Cli.Tests.EndToEnd;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.Import.Compose;

/// <summary>
/// A three-service Compose project (web and app on one network, app and db on another; db with a health check and a
/// secret), and the same as quadlets, imported and brought up by a homelabd with all controllers on real Podman and nftables: the reachability
/// Compose had holds under Homelab's firewall — web reaches app, app reaches db, web does not reach db.
/// </summary>
[Collection(PodmanHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ComposeEndToEndTests : IAsyncLifetime
{
    private readonly InstanceDaemon _host = new("all", "hltest-compose-e2e-");

    public Task InitializeAsync() => _host.Daemon.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("compose")]
    [InlineData("quadlet")]
    public async Task An_imported_three_service_project_runs_with_the_reachability_its_networks_gave(string format)
    {
        var project = Path.Combine(_host.Dir, "project");
        Directory.CreateDirectory(project);
        if (format == "compose")
        {
            await WriteComposeAsync(project);
        }
        else
        {
            await WriteQuadletsAsync(project);
        }
        var output = Path.Combine(_host.Dir, "homelab");
        var import = await Hlctl.RunAsync(_host.Daemon.Socket, "import", format, "-f", format == "compose" ? Path.Combine(project, "compose.yaml") : project, "-n", _host.Name, "-o", output);
        Assert.True(import.ExitCode == 0, import.Err);
        Assert.DoesNotContain("pw-compose-e2e", import.Out + import.Err, StringComparison.Ordinal);

        var apply = await Hlctl.RunAsync(_host.Daemon.Socket, "apply", "-f", output, "-R", "--wait", "--timeout", "180s");
        Assert.True(apply.ExitCode == 0, apply.Err + apply.Out + _host.Daemon.Log);

        if (format == "compose")
        {
            // Quadlets take secrets from Podman's secret store, which the import names in a warning instead.
            Assert.Equal("pw-compose-e2e\n", await Exec("db", "cat", "/run/secrets/db_password"));
        }
        var app = await IpOf("app");
        var db = await IpOf("db");
        Assert.True(await Reaches("web", app, 8081), "web must reach app: they share the network front\n" + await DiagnosisAsync());
        Assert.True(await Reaches("app", db, 5432), "app must reach db: they share the network back\n" + await DiagnosisAsync());
        Assert.False(await Reaches("web", db, 5432), "web must not reach db: they share no network\n" + await DiagnosisAsync());
    }

    private static Task WriteComposeAsync(string project) => Task.WhenAll(
        File.WriteAllTextAsync(Path.Combine(project, "db_password.txt"), "pw-compose-e2e\n"),
        File.WriteAllTextAsync(Path.Combine(project, "compose.yaml"), $$"""
            services:
              web:
                image: {{PodmanHostFixture.Registry}}/homelab/caddy:2.8
                environment: {PORT: "8080"}
                networks: [front]
                restart: always
              app:
                image: {{PodmanHostFixture.Registry}}/homelab/jellyfin:10.10.3
                environment: [PORT=8081]
                networks: [front, back]
                restart: always
              db:
                image: {{PodmanHostFixture.Registry}}/homelab/postgres:16
                environment: {PORT: "5432"}
                networks: [back]
                restart: always
                secrets: [db_password]
                healthcheck:
                  test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:5432/"]
                  interval: 5s
                  retries: 3
            networks:
              front:
              back:
            secrets:
              db_password:
                file: ./db_password.txt
            """));

    /// <summary>The same project as Podman quadlets: one unit per container and per network.</summary>
    private static Task WriteQuadletsAsync(string project) => Task.WhenAll(
        File.WriteAllTextAsync(Path.Combine(project, "web.container"), $"[Container]\nImage={PodmanHostFixture.Registry}/homelab/caddy:2.8\nEnvironment=PORT=8080\nNetwork=front.network\n[Service]\nRestart=always\n"),
        File.WriteAllTextAsync(Path.Combine(project, "app.container"), $"[Container]\nImage={PodmanHostFixture.Registry}/homelab/jellyfin:10.10.3\nEnvironment=PORT=8081\nNetwork=front.network\nNetwork=back.network\n[Service]\nRestart=always\n"),
        File.WriteAllTextAsync(Path.Combine(project, "db.container"), $"[Container]\nImage={PodmanHostFixture.Registry}/homelab/postgres:16\nEnvironment=PORT=5432\nNetwork=back.network\n" +
            "HealthCmd=[\"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:5432/\"]\nHealthInterval=5s\nHealthRetries=3\n[Service]\nRestart=always\n"),
        File.WriteAllTextAsync(Path.Combine(project, "front.network"), "[Network]\n"),
        File.WriteAllTextAsync(Path.Combine(project, "back.network"), "[Network]\n"));

    private async Task<string> DiagnosisAsync() =>
        _lastAttempt + "\n" + (await Hlctl.RunAsync(_host.Daemon.Socket, "get", "svc", "-n", _host.Name, "-o", "wide")).Out
        + (await HostCommand.ExecAsync(["podman", "exec", $"hl-{_host.Name}-app", "netstat", "-ltn"])).StandardOutput
        + (await HostCommand.ExecAsync(["podman", "exec", $"hl-{_host.Name}-web", "ip", "route"])).StandardOutput;

    private async Task<string> IpOf(string service)
    {
        var get = await Hlctl.RunAsync(_host.Daemon.Socket, "get", "svc", service, "-n", _host.Name, "-o", "json");
        return JsonNode.Parse(get.Out)!["status"]!["ip"]!.GetValue<string>();
    }

    private Task<string> Exec(string service, params string[] command) =>
        HostCommand.RunAsync((string[])["podman", "exec", $"hl-{_host.Name}-{service}", .. command]);

    /// <summary>One HTTP request from inside <paramref name="from"/>'s container, bounded by busybox timeout (its wget -T crashes).</summary>
    private async Task<bool> Reaches(string from, string ip, int port)
    {
        var result = await HostCommand.ExecAsync(["podman", "exec", $"hl-{_host.Name}-{from}", "timeout", "5", "wget", "-q", "-O", "/dev/null", $"http://{ip}:{port}/"]);
        _lastAttempt = $"{from} → {ip}:{port}: exit {result.ExitCode} {result.StandardError.Trim()}";
        return result.ExitCode == 0;
    }

    private string _lastAttempt = "";
}
