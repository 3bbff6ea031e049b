using Homelab.Api.Resources;
using Homelab.Cli.Tests.Import;
using k8s.Models;

namespace Homelab.Cli.Tests.Export;

/// <summary>minReadySeconds and a health check in Kubernetes' own names mean the same in a Deployment, and come back.</summary>
public sealed class ReadinessExportTests
{
    private const string Manifest = """
        apiVersion: homelab.dev/v1alpha1
        kind: Namespace
        metadata:
          name: apps
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: api
          namespace: apps
        spec:
          image: 127.0.0.1:5000/homelab/caddy:2.8
          minReadySeconds: 5
          healthCheck:
            command: [/bin/check]
            periodSeconds: 2
            timeoutSeconds: 1
            failureThreshold: 4
            startPeriodSeconds: 10
        """;

    [Fact]
    public void MinReadySeconds_and_kubernetes_probe_names_carry_over_as_they_are()
    {
        var export = Conversion.Export(Samples.Parse(Manifest));
        var files = Conversion.Render(export);

        var deployment = files.Values.SelectMany(KubernetesSchema.LoadStrict).OfType<V1Deployment>().Single();
        Assert.True(deployment.Spec.MinReadySeconds == 5, string.Join("\n---\n", files.Values));
        var probe = deployment.Spec.Template.Spec.Containers.Single().ReadinessProbe;
        Assert.Equal((2, 1, 4, 10), (probe.PeriodSeconds, probe.TimeoutSeconds, probe.FailureThreshold, probe.InitialDelaySeconds));
        Assert.DoesNotContain(export.Warnings, w => w.Field.StartsWith("spec.healthCheck", StringComparison.Ordinal));
        var (imported, _) = Conversion.Import(files);
        Assert.Equal(5, imported.OfType<Service>().Single().Spec.MinReadySeconds);
    }
}
