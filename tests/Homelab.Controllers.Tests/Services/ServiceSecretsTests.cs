using System.Text;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Podman;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Homelab.Controllers.Tests.Services;

/// <summary>A Service's Secrets as files: written for the container, versioned, rolled on change, never shown.</summary>
public sealed class ServiceSecretsTests : IAsyncLifetime
{
    private const string Image = "127.0.0.1:5000/homelab/caddy:2.8";
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Password = "pw-that-must-stay-hidden-41d2";

    private readonly FakeContainerRuntime _podman = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hltest-svc-secrets-").FullName;
    /// <summary>A new container is Ready after it ran for minReadySeconds (1 s by default): the fake clock moves that far.</summary>
    private static readonly TimeSpan MinReady = TimeSpan.FromSeconds(1);
    private readonly OperatorTestHost _host;

    public ServiceSecretsTests()
    {
        _podman.ImageDigests[Image] = Digest;
        _host = new OperatorTestHost(
            op => op.AddServiceController(o =>
            {
                o.DataDir = _dataDir;
                o.SecretsDir = Path.Combine(_dataDir, "secrets");
                o.SubUidFile = Path.Combine(_dataDir, "no-subuid");
            }),
            services => services.AddSingleton<IContainerRuntime>(_podman));
    }

    private string SecretsDir => Path.Combine(_dataDir, "secrets");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Mounted_keys_and_a_config_file_from_a_secret_are_written_as_files_with_their_modes()
    {
        await _host.ApplyAsync(Db(Password));
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync(MinReady);

        var definition = Assert.Single(_podman.Created);
        var directory = definition.SecretDir!;
        Assert.StartsWith(SecretsDir, directory, StringComparison.Ordinal);
        Assert.Equal(Password, await File.ReadAllTextAsync(Path.Combine(directory, "m0", "password")));
        Assert.Equal("admin", await File.ReadAllTextAsync(Path.Combine(directory, "m0", "user")));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(directory, "m0", "password")));
        Assert.Equal(Password, await File.ReadAllTextAsync(Path.Combine(directory, "f0")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(directory, "f0")));
        Assert.Equal(Path.GetFileName(directory), definition.Labels[HomelabLabels.SecretsHash]);
        Assert.Equal(ConditionStatus.True, _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Status);
        AssertNeverShown();
    }

    [Fact]
    public async Task The_files_belong_to_the_services_user_and_group()
    {
        await _host.ApplyAsync(Db(Password));
        var web = Web();
        web.Spec.SecurityContext = new SecurityContext { RunAsUser = 1000, RunAsGroup = 2000 };
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync();

        var directory = Assert.Single(_podman.Created).SecretDir!;
        var stat = await HostCommand.RunAsync("stat", "-c", "%u:%g %a", Path.Combine(directory, "m0", "password"), Path.Combine(directory, "m0"), Path.Combine(directory, "f0"));
        Assert.Equal(["1000:2000 400", "1000:2000 550", "1000:2000 440"], stat.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_missing_secret_is_reported_and_the_service_starts_when_it_appears()
    {
        await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();

        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.SecretNotFound), (ready.Status, ready.Reason));
        Assert.Equal("secret \"db\" not found in namespace default", ready.Message);
        Assert.Empty(_podman.Containers);

        await _host.ApplyAsync(Db(Password));
        await _host.RunUntilIdleAsync(TimeSpan.FromMinutes(1));

        Assert.True(Assert.Single(_podman.Containers).IsRunning);
        Assert.Equal(ConditionStatus.True, _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Status);
    }

    [Fact]
    public async Task A_changed_secret_replaces_exactly_its_consumers_and_the_old_files_go_with_the_old_container()
    {
        await _host.ApplyAsync(Db(Password));
        await _host.ApplyAsync(Web());
        await _host.ApplyAsync(Web("other", mounts: false));
        await _host.RunUntilIdleAsync();
        var first = _podman.ContainerNamed("hl-default-web")!;
        var other = _podman.ContainerNamed("hl-default-other")!;
        _podman.Writes.Clear();

        await _host.ApplyAsync(Db("the-new-password-9a8b"));
        await _host.RunUntilIdleAsync();

        var second = _podman.ContainerNamed("hl-default-web")!;
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(other.Id, _podman.ContainerNamed("hl-default-other")!.Id);
        Assert.Contains(_podman.Writes, w => w.StartsWith("create hl-default-web-next", StringComparison.Ordinal));
        var version = Assert.Single(Directory.GetDirectories(Path.Combine(SecretsDir, _host.Get<Service>("default", "web")!.Metadata.Uid!)));
        Assert.Equal(second.Label(HomelabLabels.SecretsHash), Path.GetFileName(version));
        Assert.Equal("the-new-password-9a8b", await File.ReadAllTextAsync(Path.Combine(version, "m0", "password")));
    }

    [Fact]
    public async Task A_key_the_secret_lacks_is_named()
    {
        await _host.ApplyAsync(Db(Password));
        var web = Web();
        web.Spec.ConfigFiles![0].FromSecret!.Key = "no-such-key";
        await _host.ApplyAsync(web);
        await _host.RunUntilIdleAsync();

        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal(ServiceReasons.SecretNotFound, ready.Reason);
        Assert.Equal("secret \"db\" has no key \"no-such-key\" (spec.configFiles[0].fromSecret)", ready.Message);
    }

    [Fact]
    public async Task Deleting_the_service_removes_its_secret_files()
    {
        await _host.ApplyAsync(Db(Password));
        var web = await _host.ApplyAsync(Web());
        await _host.RunUntilIdleAsync();
        Assert.True(Directory.Exists(Path.Combine(SecretsDir, _host.Get<Service>("default", "web")!.Metadata.Uid!)));

        await _host.DeleteAsync<Service>("default", "web");
        await _host.RunUntilIdleAsync();

        Assert.Empty(Directory.GetDirectories(SecretsDir));
    }

    private void AssertNeverShown()
    {
        foreach (var text in _host.Events.Select(e => e.Message)
            .Concat(_host.Logs.Entries.Select(e => e.Message))
            .Concat(_host.Store.List("Service").Items.Select(s => s.Json))
            .Concat(_podman.Created.SelectMany(d => d.Labels.Values)))
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), text, StringComparison.Ordinal);
        }
    }

    private static Secret Db(string password) => new()
    {
        Metadata = new ObjectMeta { Name = "db", Namespace = "default" },
        StringData = new() { ["password"] = password, ["user"] = "admin" },
    };

    private static Service Web(string name = "web", bool mounts = true)
    {
        var service = TestResources.Service(name, image: Image);
        if (mounts)
        {
            service.Spec.Secrets = [new SecretMount { Name = "db", MountPath = "/run/secrets/db" }];
            service.Spec.ConfigFiles = [new ConfigFile { MountPath = "/etc/app/password", FromSecret = new SecretKeySelector { Name = "db", Key = "password" }, Mode = "0440" }];
        }
        return service;
    }
}
