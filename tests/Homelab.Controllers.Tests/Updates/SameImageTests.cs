using Homelab.Controllers.Updates;
using static Homelab.Controllers.Tests.Updates.UpdateHarness;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>
/// One image, several manifest digests (issue 17): the tag's digest in the registry is not the one the Service runs
/// by, yet it names the same image. That is no update; a different image is.
/// </summary>
public sealed class SameImageTests : IDisposable
{
    private const string LocalId = "1111111111111111111111111111111111111111111111111111111111111111";
    private readonly UpdateHarness _h = new();

    public SameImageTests()
    {
        // Built here and pushed: locally it has digest a; the registry serves it as digest b.
        _h.Images.Images.Add(new LocalImage(LocalId, [$"{Repo}:1.0"], [$"{Repo}@{Digest('a')}"], Start, InUse: true));
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        _h.Policy(s => s.Strategy = "digest");
    }

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task The_registry_naming_the_running_image_by_another_digest_is_up_to_date()
    {
        _h.Registry.ImageIds[Digest('b')] = "sha256:" + LocalId;
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));

        await _h.ReconcileAsync();

        var entry = _h.Entry("app");
        Assert.Equal("UpToDate", entry.LastResult);
        Assert.Null(entry.AvailableImage);
        Assert.Equal($"{Repo}:1.0", _h.Service("app").Spec.Image);
    }

    [Fact]
    public async Task Another_image_under_the_tag_is_an_update()
    {
        _h.Registry.ImageIds[Digest('b')] = "sha256:" + new string('2', 64);
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));

        await _h.ReconcileAsync();

        Assert.Equal($"{Repo}:1.0@{Digest('b')}", _h.Service("app").Spec.Image);
        Assert.Equal("Updating", _h.Entry("app").LastResult);
    }
}
