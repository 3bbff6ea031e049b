using k8s.Models;

namespace Homelab.Cli.Tests.Export;

/// <summary>Kubernetes' own client accepts what export writes, strictly, and the strict check does reject bad manifests.</summary>
public sealed class KubernetesSchemaTests
{
    [Fact]
    public async Task Every_document_of_the_example_homelab_export_is_a_strict_Kubernetes_object()
    {
        using var export = await ExampleExport.RunAsync();

        // The client has models for core kinds only: Gateway API and cert-manager documents (CRDs) are not checked here.
        var core = export.Files.SelectMany(f => f.Text.Split("\n---\n")).Where(d => !CustomResource(d)).ToList();
        var objects = core.SelectMany(KubernetesSchema.LoadStrict).ToList();

        Assert.Equal(core.Count, objects.Count);
        Assert.Equal(4, objects.OfType<V1Namespace>().Count());
        Assert.Equal(3, objects.OfType<V1Deployment>().Count());
        Assert.Equal(3, objects.OfType<V1Service>().Count());
        Assert.Equal(6, objects.OfType<V1NetworkPolicy>().Count());
    }

    [Fact]
    public void Every_mapped_field_including_secrets_is_a_strict_Kubernetes_object()
    {
        var files = Conversion.Render(Conversion.Export(Samples.All(), includeSecrets: true));

        var objects = files.Values.SelectMany(KubernetesSchema.LoadStrict).ToList();

        var secret = Assert.Single(objects.OfType<V1Secret>());
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString(secret.Data["password"]));
        var pod = Assert.Single(objects.OfType<V1Deployment>()).Spec.Template.Spec;
        Assert.Equal(["db", "db", "db"], pod.Volumes.Where(v => v.Secret is not null).Select(v => v.Secret.SecretName));
        Assert.Single(objects.OfType<V1NetworkPolicy>());
        Assert.Single(objects.OfType<V1PersistentVolumeClaim>());
        Assert.Single(objects.OfType<V1ConfigMap>());
    }

    [Theory]
    [InlineData("containerPort:", "containrPort:")] // a misspelled field
    [InlineData("replicas: 1", "replicas: one")] // a value of the wrong type
    [InlineData("kind: Deployment", "kind: Deploymnt")] // an unknown kind
    public void The_strict_check_rejects_a_broken_manifest(string field, string broken)
    {
        var deployment = Conversion.Render(Conversion.Export(Samples.Parse(Samples.Service)))["data/service-db.yaml"];
        Assert.Contains(field, deployment, StringComparison.Ordinal);
        KubernetesSchema.LoadStrict(deployment);

        Assert.ThrowsAny<Exception>(() => KubernetesSchema.LoadStrict(deployment.Replace(field, broken, StringComparison.Ordinal)));
    }

    private static bool CustomResource(string document) =>
        document.StartsWith("apiVersion: gateway.networking.k8s.io/", StringComparison.Ordinal) || document.StartsWith("apiVersion: cert-manager.io/", StringComparison.Ordinal);
}
