using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Registry;
using Homelab.Registry.Auth;
using Homelab.Registry.Configuration;
using Homelab.Registry.Tests.Integration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>The update controller with the real OCI client against a real docker-registry on loopback.</summary>
[Trait("Category", "Integration")]
public sealed class UpdatePolicyRegistryIntegrationTests : IAsyncLifetime
{
    private LocalRegistry _registry = null!;
    private OciRegistryClient _client = null!;
    private UpdateHarness _h = null!;

    public async Task InitializeAsync()
    {
        _registry = await LocalRegistry.StartAsync();
        var conf = new RegistriesConf();
        conf.Add(_registry.RegistriesConf);
        _client = new OciRegistryClient(
            new SocketsHttpHandler(),
            new AuthFileCredentials([], NullLogger<AuthFileCredentials>.Instance),
            conf,
            Options.Create(new RegistryOptions()),
            TimeProvider.System,
            NullLogger<OciRegistryClient>.Instance);
        _h = new UpdateHarness(registry: _client);
    }

    public async Task DisposeAsync()
    {
        _h.Dispose();
        _client.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task A_new_push_under_the_running_tag_is_written_into_the_service()
    {
        var image = _registry.Reference("app", "1.0");
        var first = await _registry.PushNewAsync("app", "1.0");
        await _h.ServiceAsync("app", image, first);
        _h.Policy(s => s.Strategy = "digest");
        await _h.ReconcileAsync();
        Assert.Equal(image, _h.Service("app").Spec.Image);

        var second = await _registry.PushNewAsync("app", "1.0");
        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.ReconcileAsync();

        Assert.Equal($"{image}@{second}", _h.Service("app").Spec.Image);
    }

    [Fact]
    public async Task Semver_patch_policy_picks_the_patch_release_from_real_tags()
    {
        var running = await _registry.PushNewAsync("app", "1.2.3");
        var patch = await _registry.PushNewAsync("app", "1.2.4");
        await _registry.PushNewAsync("app", "1.3.0");
        await _registry.PushNewAsync("app", "2.0.0");
        await _h.ServiceAsync("app", _registry.Reference("app", "1.2.3"), running);
        _h.Policy(s =>
        {
            s.Strategy = "semver";
            s.Semver = new SemverPolicy { Allow = "patch" };
        });

        await _h.ReconcileAsync();

        Assert.Equal($"{_registry.Reference("app", "1.2.4")}@{patch}", _h.Service("app").Spec.Image);
    }

    [Fact]
    public async Task A_stopped_registry_is_reported_and_the_service_left_alone()
    {
        var image = _registry.Reference("app", "1.0");
        var digest = await _registry.PushNewAsync("app", "1.0");
        await _h.ServiceAsync("app", image, digest);
        _h.Policy(_ => { });
        await _registry.StopAsync();

        await _h.ReconcileAsync();

        Assert.Equal(image, _h.Service("app").Spec.Image);
        var ready = _h.GetPolicy().Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, "RegistryError"), (ready.Status, ready.Reason));
        Assert.Contains(_registry.Address, _h.Entry("app").Message);
    }
}
