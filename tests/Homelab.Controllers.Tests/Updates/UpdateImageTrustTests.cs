using Homelab.Api.Meta;
using Homelab.Api.Resources;
using static Homelab.Controllers.Tests.Updates.UpdateHarness;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>The update controller verifies a new digest against the namespace's ImagePolicies before it rolls.</summary>
public sealed class UpdateImageTrustTests : IDisposable
{
    private const string Key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBFtest\n-----END PGP PUBLIC KEY BLOCK-----\n";

    private readonly UpdateHarness _h = new();

    public UpdateImageTrustTests()
    {
        _h.Create(new ImagePolicy
        {
            Metadata = new ObjectMeta { Name = "signed" },
            Spec = new ImagePolicySpec { Signatures = [new SignatureRequirement { Scope = "reg.local/team", SignedBy = new SignedBy { KeyData = Key } }] },
        });
    }

    public void Dispose() => _h.Dispose();

    private async Task NewDigestAvailableAsync(char digest)
    {
        _h.Registry.Push(Repo, "1.0", Digest('a'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(s => s.Strategy = "digest");
        await _h.ReconcileAsync();
        _h.Registry.Push(Repo, "1.0", Digest(digest));
        _h.Podman.ImageDigests[$"{Repo}:1.0@{Digest(digest)}"] = Digest(digest);
        _h.Time.Advance(TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task An_unsigned_new_digest_is_not_rolled_and_the_old_image_keeps_running()
    {
        await NewDigestAvailableAsync('b');
        _h.Podman.UnsignedDigests.Add(Digest('b'));

        await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.0", _h.Service("app").Spec.Image);
        var entry = _h.Entry("app");
        Assert.Equal("Rejected", entry.LastResult);
        Assert.Contains("was rejected: Source image rejected", entry.Message, StringComparison.Ordinal);
        Assert.Contains($"{Repo}:1.0 keeps running", entry.Message, StringComparison.Ordinal);
        Assert.Single(_h.Events("ImageRejected"));
        Assert.Equal([$"pull --signature-policy {Repo}:1.0@{Digest('b')}"], _h.Podman.Writes);
    }

    [Fact]
    public async Task A_signed_new_digest_is_verified_then_rolled()
    {
        await NewDigestAvailableAsync('c');

        await _h.ReconcileAsync();

        Assert.Equal([$"pull --signature-policy {Repo}:1.0@{Digest('c')}"], _h.Podman.Writes);
        Assert.Equal($"{Repo}:1.0@{Digest('c')}", _h.Service("app").Spec.Image);
        Assert.Equal("Updating", _h.Entry("app").LastResult);
    }
}
