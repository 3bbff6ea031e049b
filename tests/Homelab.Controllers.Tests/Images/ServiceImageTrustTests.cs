using System.Text.Json;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Controllers.Services;
using Homelab.Controllers.Tests.Services;
using Homelab.Podman;
using Homelab.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Controllers.Tests.Images;

/// <summary>
/// The Service controller under an ImagePolicy that asks for signatures, with an in-memory Podman whose verified pulls
/// refuse the digests a test marks unsigned. The real verification (gpg, a registry, a lookaside) is in
/// ImageTrustIntegrationTests.
/// </summary>
public sealed class ServiceImageTrustTests : IAsyncLifetime
{
    private const string Signed = "127.0.0.1:5000/homelab/caddy:2.8";
    private const string Unsigned = "127.0.0.1:5000/homelab/caddy:2.9";
    private const string Elsewhere = "127.0.0.1:5000/other/caddy:2.8";
    private const string SignedDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string UnsignedDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBFtest\n-----END PGP PUBLIC KEY BLOCK-----\n";

    private readonly FakeContainerRuntime _podman = new();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("hltest-trust-").FullName;
    /// <summary>A new container is Ready after it ran for minReadySeconds (1 s by default): the fake clock moves that far.</summary>
    private static readonly TimeSpan MinReady = TimeSpan.FromSeconds(1);
    private readonly OperatorTestHost _host;

    public ServiceImageTrustTests()
    {
        _podman.ImageDigests[Signed] = SignedDigest;
        _podman.ImageDigests[Unsigned] = UnsignedDigest;
        _podman.ImageDigests[Elsewhere] = UnsignedDigest;
        _podman.UnsignedDigests.Add(UnsignedDigest);
        _host = new OperatorTestHost(
            op => op.AddServiceController(o =>
            {
                o.DataDir = _dataDir;
                o.SubUidFile = Path.Combine(_dataDir, "no-subuid");
            }),
            services => services.AddSingleton<IContainerRuntime>(_podman));
    }

    public async Task InitializeAsync() => await _host.ApplyAsync(Policy(Key));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task A_signed_image_is_pulled_under_a_policy_naming_its_repository_and_key_then_run_by_digest()
    {
        await _host.ApplyAsync(TestResources.Service("web", image: Signed));
        await _host.RunUntilIdleAsync(MinReady);

        Assert.Equal([$"pull --signature-policy {Signed}"], _podman.Writes.Where(w => w.StartsWith("pull", StringComparison.Ordinal)));
        Assert.Equal($"127.0.0.1:5000/homelab/caddy@{SignedDigest}", Assert.Single(_podman.Created).PinnedImage);
        using var policy = JsonDocument.Parse(_podman.LastSignaturePolicy!);
        Assert.Equal("reject", policy.RootElement.GetProperty("default")[0].GetProperty("type").GetString());
        var requirement = Assert.Single(policy.RootElement.GetProperty("transports").GetProperty("docker").GetProperty("127.0.0.1:5000/homelab/caddy").EnumerateArray());
        Assert.Equal(("signedBy", "GPGKeys"), (requirement.GetProperty("type").GetString(), requirement.GetProperty("keyType").GetString()));
        var keyPath = requirement.GetProperty("keyPath").GetString()!;
        Assert.StartsWith(Path.Combine(_dataDir, "image-trust"), keyPath, StringComparison.Ordinal);
        Assert.Equal(Key, await File.ReadAllTextAsync(keyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(keyPath)!));
        Assert.Equal(ConditionStatus.True, _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Status);
    }

    [Fact]
    public async Task An_unsigned_image_never_runs_and_the_service_says_why()
    {
        await _host.ApplyAsync(TestResources.Service("web", image: Unsigned));
        await _host.RunUntilIdleAsync();

        Assert.Empty(_podman.Containers);
        var ready = _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, ServiceReasons.ImageRejected), (ready.Status, ready.Reason));
        Assert.Contains("A signature was required, but no signature exists", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_new_image_leaves_the_old_container_running()
    {
        await _host.ApplyAsync(TestResources.Service("web", image: Signed));
        await _host.RunUntilIdleAsync();
        var old = _podman.ContainerNamed("hl-default-web")!;

        await _host.ApplyAsync(TestResources.Service("web", image: Unsigned));
        await _host.RunUntilIdleAsync();

        var running = _podman.ContainerNamed("hl-default-web")!;
        Assert.Equal(old.Id, running.Id);
        Assert.True(running.IsRunning);
        Assert.Single(_podman.Containers);
        Assert.Equal(ServiceReasons.ImageRejected, _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Reason);
    }

    [Fact]
    public async Task A_verified_digest_under_the_same_policy_is_not_fetched_again()
    {
        await _host.ApplyAsync(TestResources.Service("web", image: Signed));
        await _host.RunUntilIdleAsync();
        _podman.Writes.Clear();

        var changed = TestResources.Service("web", image: Signed);
        changed.Spec.Env = [new EnvVar { Name = "TZ", Value = "UTC" }];
        await _host.ApplyAsync(changed);
        await _host.RunUntilIdleAsync();

        Assert.Equal([$"pull {Signed}@{SignedDigest}"], _podman.Writes.Where(w => w.StartsWith("pull", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Images_outside_every_signature_scope_are_pulled_as_before()
    {
        await _host.ApplyAsync(TestResources.Service("web", image: Elsewhere));
        await _host.RunUntilIdleAsync();

        Assert.Equal([$"pull {Elsewhere}"], _podman.Writes.Where(w => w.StartsWith("pull", StringComparison.Ordinal)));
        Assert.Single(_podman.Containers);
    }

    [Fact]
    public async Task A_policy_change_retries_the_services_it_rejected()
    {
        await _host.ApplyAsync(TestResources.Service("web", image: Unsigned));
        await _host.RunUntilIdleAsync();
        Assert.Empty(_podman.Containers);

        _podman.UnsignedDigests.Clear();
        await _host.ApplyAsync(Policy(Key.Replace("mQENBFtest", "mQENBFrotated", StringComparison.Ordinal)));
        await _host.RunUntilIdleAsync(MinReady);

        Assert.Single(_podman.Containers);
        Assert.Equal(ConditionStatus.True, _host.Get<Service>("default", "web")!.Status!.GetCondition(ConditionTypes.Ready)!.Status);
    }

    private static ImagePolicy Policy(string key) => new()
    {
        Metadata = new ObjectMeta { Name = "signed" },
        Spec = new ImagePolicySpec
        {
            Signatures = [new SignatureRequirement { Scope = "127.0.0.1:5000/homelab", SignedBy = new SignedBy { KeyData = key } }],
        },
    };
}
