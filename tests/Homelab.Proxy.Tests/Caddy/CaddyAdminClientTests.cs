using System.Text.Json.Nodes;
using Homelab.Proxy.Caddy;
using Homelab.TestKit;
using Microsoft.Extensions.Options;
using Xunit;

namespace Homelab.Proxy.Tests.Caddy;

/// <summary>
/// The admin driver against the real proxy image (src/Homelab.Server/dist/build-proxy-image.sh) with its data directory
/// mounted as homelabd mounts it, on no network at all: the admin API is a Unix socket in that directory.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CaddyAdminClientTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hl-caddy-admin-").FullName;
    private readonly string _name = "hltest-caddy-admin-" + Guid.NewGuid().ToString("N")[..8];
    private CaddyAdminClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new ProxyOptions { DataDir = _dir };
        await File.WriteAllTextAsync(Path.Combine(_dir, "initial.json"),
            "{\"admin\":{\"listen\":\"unix/" + ProxyOptions.ContainerDataDir + "/" + ProxyOptions.AdminSocketName + "\",\"origins\":[\"" + CaddyAdminOrigin.Value + "\"]}}");
        var run = await HostCommand.ExecAsync(["podman", "run", "-d", "--name", _name, "--network", "none", "-e", "HOME=/data",
            "-v", $"{_dir}:{ProxyOptions.ContainerDataDir}", "--entrypoint", "/usr/bin/caddy", options.Image, "run", "--config", "/data/initial.json"]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        _client = new CaddyAdminClient(Options.Create(options));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(Path.Combine(_dir, ProxyOptions.AdminSocketName)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.True(File.Exists(Path.Combine(_dir, ProxyOptions.AdminSocketName)), await HostCommand.RunAsync("podman", "logs", _name));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await HostCommand.ExecAsync(["podman", "rm", "-f", "-t", "0", _name]);
        Directory.Delete(_dir, recursive: true);
    }

    private JsonObject Config(string handler) => _client.WithAdmin(new JsonObject
    {
        ["apps"] = new JsonObject
        {
            ["http"] = new JsonObject
            {
                ["servers"] = new JsonObject
                {
                    ["web"] = new JsonObject
                    {
                        ["listen"] = new JsonArray(":" + ProxyOptions.ContainerHttpPort),
                        ["routes"] = new JsonArray(new JsonObject { ["handle"] = new JsonArray(new JsonObject { ["handler"] = handler, ["body"] = "one" }) }),
                    },
                },
            },
        },
    });

    [Fact]
    public async Task A_loaded_config_is_what_the_proxy_then_holds()
    {
        var good = Config("static_response");

        await _client.LoadAsync(good, CancellationToken.None);

        Assert.True(JsonNode.DeepEquals(good, await _client.GetConfigAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task A_config_the_proxy_refuses_says_why_and_leaves_the_old_one_in_place()
    {
        var good = Config("static_response");
        await _client.LoadAsync(good, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ProxyException>(() => _client.LoadAsync(Config("no_such_handler"), CancellationToken.None));

        Assert.True(refused.IsRefused);
        Assert.Contains("no_such_handler", refused.Message, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(good, await _client.GetConfigAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task A_proxy_that_is_not_there_is_unreachable_not_refusing()
    {
        using var absent = new CaddyAdminClient(Options.Create(new ProxyOptions { DataDir = Path.Combine(_dir, "absent") }));

        var error = await Assert.ThrowsAsync<ProxyException>(() => absent.GetConfigAsync(CancellationToken.None));

        Assert.False(error.IsRefused);
        Assert.Contains("does not answer", error.Message, StringComparison.Ordinal);
    }
}
