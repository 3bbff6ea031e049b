using Homelab.Api.Resources;
using Homelab.Cli.Tests.Import;
using k8s.Models;

namespace Homelab.Cli.Tests.Export;

/// <summary>A Namespace's security levels are Pod Security Admission's labels in Kubernetes; its allowances have no equivalent.</summary>
public sealed class NamespaceExportTests
{
    private const string Namespaces = """
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata:
          name: locked
          labels: {zone: apps, homelab.dev/enforce: restricted, homelab.dev/warn: restricted, homelab.dev/audit: baseline}
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata:
          name: media
          annotations: {homelab.dev/allowed-host-paths: /srv, homelab.dev/allowed-devices: /dev/dri}
        """;

    [Fact]
    public void Security_levels_become_pod_security_labels_and_come_back()
    {
        var namespaces = Samples.Parse(Namespaces);
        var expected = namespaces.Select(Canonical.Of).ToList();

        var export = Conversion.Export(namespaces);
        var files = Conversion.Render(export);
        var (imported, warnings) = Conversion.Import(files);

        var locked = KubernetesSchema.LoadStrict(files["00-namespaces.yaml"]).OfType<V1Namespace>().Single(n => n.Metadata.Name == "locked");
        Assert.Equal("restricted", locked.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("restricted", locked.Metadata.Labels["pod-security.kubernetes.io/warn"]);
        Assert.Equal("baseline", locked.Metadata.Labels["pod-security.kubernetes.io/audit"]);
        Assert.DoesNotContain(locked.Metadata.Labels.Keys, k => k.StartsWith("homelab.dev/", StringComparison.Ordinal));
        Assert.Equal(expected, imported.OfType<Namespace>().Select(Canonical.Of));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Allowances_and_a_missing_level_are_named_in_warnings()
    {
        var export = Conversion.Export(Samples.Parse(Namespaces));

        var named = export.Warnings.Select(w => $"{w.Object}: {w.Field}").ToList();
        Assert.Equal(
            [
                "Namespace media: metadata.labels[homelab.dev/enforce]",
                "Namespace media: metadata.annotations[homelab.dev/allowed-host-paths]",
                "Namespace media: metadata.annotations[homelab.dev/allowed-devices]",
            ],
            named);
    }
}
