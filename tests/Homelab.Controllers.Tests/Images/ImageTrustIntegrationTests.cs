using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Controllers.Tests.Services;
using Homelab.Podman;
using Homelab.Registry.Tests.Integration;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Controllers.Tests.Images;

/// <summary>
/// Signature trust on real parts: a GPG key made here, images pushed to a private docker-registry with podman push
/// --sign-by (signatures in a file:// lookaside named by a registries.d drop-in), and the Service controller on real
/// Podman under an ImagePolicy that trusts the key for the test's repositories. Local copies are removed after the
/// push, so everything a container runs came through the verified pull.
/// </summary>
[Collection(ServiceHostCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ImageTrustIntegrationTests : IAsyncLifetime
{
    private static readonly string[] Sleep = ["/bin/busybox", "sleep", "3600"];

    private readonly string _managedBy = "hltest-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _work = Directory.CreateTempSubdirectory("hltest-trust-").FullName;
    private readonly ServiceProvider _podmanServices;
    private readonly IContainerRuntime _podman;
    private readonly OperatorTestHost _host;
    private LocalRegistry? _registry;
    private GpgSigner? _trusted;
    private GpgSigner? _other;

    public ImageTrustIntegrationTests()
    {
        _podmanServices = new ServiceCollection().AddLogging().AddHomelabPodman(Configure).BuildServiceProvider();
        _podman = _podmanServices.GetRequiredService<IContainerRuntime>();
        _host = new OperatorTestHost(op => op.AddServiceController(Configure), s => s.AddSingleton(_podman));
    }

    private LocalRegistry Registry => _registry ?? throw new InvalidOperationException("not initialized");

    private string RegistriesConf => $"/etc/containers/registries.conf.d/{_managedBy}.conf";

    private string Lookaside => $"/etc/containers/registries.d/{_managedBy}.yaml";

    public async Task InitializeAsync()
    {
        _registry = await LocalRegistry.StartAsync();
        await File.WriteAllTextAsync(RegistriesConf, $"# {_managedBy}: removed when the test ends\n{_registry.RegistriesConf}");
        Directory.CreateDirectory("/etc/containers/registries.d");
        var sigstore = Path.Combine(_work, "sigstore");
        await File.WriteAllTextAsync(Lookaside, $"""
            # {_managedBy}: removed when the test ends
            docker:
              {_registry.Address}:
                lookaside: file://{sigstore}
                lookaside-staging: file://{sigstore}
            """);
        _trusted = await GpgSigner.CreateAsync(Path.Combine(_work, "gpg-trusted"), "trusted@hltest.invalid");
        _other = await GpgSigner.CreateAsync(Path.Combine(_work, "gpg-other"), "other@hltest.invalid");
        await _host.ApplyAsync(new Namespace { Metadata = new ObjectMeta { Name = _managedBy } });
        await _host.ApplyAsync(new ImagePolicy
        {
            Metadata = new ObjectMeta { Name = _managedBy },
            Spec = new ImagePolicySpec
            {
                NamespaceSelector = new LabelSelector { MatchLabels = new() { ["homelab.dev/namespace"] = _managedBy } },
                Signatures = [new SignatureRequirement { Scope = $"{Registry.Address}/{Registry.Namespace}", SignedBy = new SignedBy { KeyData = _trusted.PublicKey } }],
            },
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await PodmanLeftovers.RemoveAsync(_podman, _managedBy);
        foreach (var signer in new[] { _trusted, _other }.OfType<GpgSigner>())
        {
            await signer.DisposeAsync();
        }
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
        File.Delete(RegistriesConf);
        File.Delete(Lookaside);
        Directory.Delete(_work, recursive: true);
        await _podmanServices.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_image_runs_by_its_verified_digest_and_unsigned_or_wrongly_signed_ones_never_run()
    {
        var signed = await PushAsync("signed", _trusted);
        var unsigned = await PushAsync("unsigned", signer: null);
        var forged = await PushAsync("forged", _other);

        foreach (var name in new[] { "signed", "unsigned", "forged" })
        {
            await _host.ApplyAsync(Service(name));
        }
        // Ready waits out the default minReadySeconds (1 s) of a Service without a health check.
        await _host.RunUntilIdleAsync(TimeSpan.FromSeconds(1));

        var running = await _podman.InspectContainerAsync(PodmanNames.Container(_managedBy, "signed"), CancellationToken.None);
        Assert.NotNull(running);
        Assert.True(running.IsRunning);
        Assert.Equal(signed, running.Label(HomelabLabels.ImageDigest));
        Assert.Equal(ConditionStatus.True, Ready("signed").Status);

        foreach (var (name, digest, why) in new[] { ("unsigned", unsigned, "no signature exists"), ("forged", forged, "signature") })
        {
            Assert.Null(await _podman.InspectContainerAsync(PodmanNames.Container(_managedBy, name), CancellationToken.None));
            var ready = Ready(name);
            Assert.Equal((ConditionStatus.False, ServiceReasons.ImageRejected), (ready.Status, ready.Reason));
            Assert.Contains(why, ready.Message, StringComparison.Ordinal);
            // Rejected before anything reached local storage, so nothing unverified can be run later either.
            Assert.NotEqual(0, (await HostCommand.ExecAsync(["podman", "image", "exists", $"{Registry.Address}/{Registry.Namespace}/{name}@{digest}"])).ExitCode);
        }
    }

    [Fact]
    public async Task A_running_service_whose_new_image_is_unsigned_keeps_its_old_container()
    {
        await PushAsync("web", _trusted, tag: "1");
        await _host.ApplyAsync(Service("web", tag: "1"));
        await _host.RunUntilIdleAsync();
        var before = (await _podman.InspectContainerAsync(PodmanNames.Container(_managedBy, "web"), CancellationToken.None))!;

        await PushAsync("web", signer: null, tag: "2");
        await _host.ApplyAsync(Service("web", tag: "2"));
        await _host.RunUntilIdleAsync();

        var after = (await _podman.InspectContainerAsync(PodmanNames.Container(_managedBy, "web"), CancellationToken.None))!;
        Assert.Equal(before.Id, after.Id);
        Assert.True(after.IsRunning);
        Assert.Equal(ServiceReasons.ImageRejected, Ready("web").Reason);
    }

    /// <summary>Pushes a new image (signed or not) and drops the local copy: a Service must pull it from the registry.</summary>
    private async Task<string> PushAsync(string repository, GpgSigner? signer, string tag = "1")
    {
        var digest = await Registry.PushNewAsync(repository, tag, signer);
        await HostCommand.RunAsync("podman", "rmi", "--force", Registry.Reference(repository, tag));
        return digest;
    }

    private Service Service(string repository, string tag = "1")
    {
        var service = TestResources.Service(repository, _managedBy, Registry.Reference(repository, tag));
        service.Spec.Command = [.. Sleep];
        service.Spec.StopGracePeriod = "1s";
        return service;
    }

    private Condition Ready(string name) =>
        _host.Get<Service>(_managedBy, name)!.Status!.GetCondition(ConditionTypes.Ready)!;

    private void Configure(PodmanOptions options)
    {
        options.ManagedBy = _managedBy;
        options.DataDir = Path.Combine(_work, "data");
        options.SubnetPool = "10.92.0.0/16";
    }
}
