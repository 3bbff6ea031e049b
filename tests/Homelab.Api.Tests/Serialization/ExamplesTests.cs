using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Homelab.Api.Values;
using Xunit;

namespace Homelab.Api.Tests.Serialization;

/// <summary>examples/ is what users copy first: every file must read and validate, and every image must be local.</summary>
public sealed class ExamplesTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "examples");

    private static IEnumerable<string> Paths() =>
        Directory.EnumerateFiles(Root, "*.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Files() => new(Paths());

    private static IEnumerable<Resource> Read(string file) =>
        YamlManifest.Parse(File.ReadAllText(Path.Combine(Root, file)), file).Select(d => HomelabJson.ToResource(d.Object));

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_example_file_parses_and_validates(string file)
    {
        var resources = Read(file).ToList();
        Assert.NotEmpty(resources);
        foreach (var resource in resources)
        {
            ResourceDefaults.Apply(resource);
            var causes = ResourceValidation.Validate(resource);
            Assert.True(causes.Count == 0, $"{file} {resource.Kind} {resource.Name}: " + string.Join("; ", causes.Select(c => $"{c.Field}: {c.Message}")));
        }
    }

    [Fact]
    public void The_examples_cover_every_kind_and_the_three_namespaces()
    {
        var all = Paths().SelectMany(Read).ToList();
        // A Secret's values are never committed: examples/up.sh makes the example's Secret on the host (see examples/README.md).
        Assert.Equal(ResourceKinds.All.Where(k => k != ResourceKinds.Secret).Select(k => k.Kind).Order(), all.Select(r => r.Kind).Distinct().Order());
        Assert.Equal(["data", "home", "media"], all.OfType<Namespace>().Select(n => n.Name).Order());
        Assert.All(all.Where(r => ResourceKinds.All.Single(k => k.ClrType == r.GetType()).Namespaced), r => Assert.Contains(r.Namespace, all.OfType<Namespace>().Select(n => n.Name)));
    }

    [Fact]
    public void Every_service_uses_the_local_registry_and_names_its_upstream_image_above()
    {
        foreach (var file in Paths())
        {
            var lines = File.ReadAllLines(Path.Combine(Root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].TrimStart().StartsWith("image:", StringComparison.Ordinal))
                {
                    continue;
                }
                var image = ImageReference.Parse(lines[i].Split(':', 2)[1].Trim());
                Assert.Equal("127.0.0.1:5000", image.Registry);
                Assert.StartsWith("homelab/", image.Repository, StringComparison.Ordinal);
                var upstream = lines[i - 1].Trim();
                Assert.StartsWith("# upstream: ", upstream, StringComparison.Ordinal);
                Assert.True(ImageReference.TryParse(upstream["# upstream: ".Length..], out var real), $"{file}:{i}: {upstream}");
                Assert.Equal(image.Tag, real.Tag);
            }
        }
    }

    [Fact]
    public void Every_service_runs_busybox_because_the_local_images_hold_nothing_else()
    {
        var services = Paths().SelectMany(Read).OfType<Service>().ToList();
        Assert.Equal(3, services.Count);
        Assert.All(services, s =>
        {
            Assert.Equal("/bin/busybox", s.Spec.Command![0]);
            Assert.Equal("/bin/busybox", s.Spec.HealthCheck!.Command[0]);
        });
    }
}
