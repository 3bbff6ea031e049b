using System.Text.Json.Nodes;
using Homelab.Api.Merge;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using static Homelab.Controllers.Tests.Updates.UpdateHarness;

namespace Homelab.Controllers.Tests.Updates;

/// <summary>What `hlctl apply` does to an image the update controller wrote (architecture §8).</summary>
public sealed class ThreeWayApplyTests : IDisposable
{
    private readonly UpdateHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static JsonObject File(string image)
    {
        var service = new Service { Metadata = new ObjectMeta { Name = "app", Namespace = Ns, Labels = new() { ["updates"] = "auto" } } };
        service.Spec.Image = image;
        return HomelabJson.ToNode(service);
    }

    private async Task<JsonObject> LiveAfterControllerUpdateAsync()
    {
        _h.Registry.Push(Repo, "1.0", Digest('b'));
        await _h.ServiceAsync("app", $"{Repo}:1.0", Digest('a'));
        _h.Policy(_ => { });
        await _h.ReconcileAsync();
        Assert.Equal($"{Repo}:1.0@{Digest('b')}", _h.Service("app").Spec.Image);
        return HomelabJson.ToNode(_h.Service("app"));
    }

    [Fact]
    public async Task Reapplying_an_unchanged_file_keeps_the_controllers_image()
    {
        var live = await LiveAfterControllerUpdateAsync();

        var merged = ThreeWayMerge.Compute(File($"{Repo}:1.0"), live, File($"{Repo}:1.0"));

        Assert.Equal($"{Repo}:1.0@{Digest('b')}", merged["spec"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_changed_image_in_the_file_wins_over_the_controllers()
    {
        var live = await LiveAfterControllerUpdateAsync();

        var merged = ThreeWayMerge.Compute(File($"{Repo}:1.0"), live, File($"{Repo}:2.0"));

        Assert.Equal($"{Repo}:2.0", merged["spec"]!["image"]!.GetValue<string>());
    }
}
