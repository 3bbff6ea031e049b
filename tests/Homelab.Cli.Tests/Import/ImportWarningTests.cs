using Homelab.Api.Resources;
using Homelab.Cli.Tests.Export;
using Homelab.Translation.Import;

namespace Homelab.Cli.Tests.Import;

/// <summary>What import cannot take is named by file, object and field; Secrets come back whole.</summary>
public sealed class ImportWarningTests
{
    private const string Foreign = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: apps}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              nodeSelector: {disk: ssd}
              containers:
                - name: web
                  image: nginx:1.27
                  env:
                    - name: TOKEN
                      valueFrom: {secretKeyRef: {name: web, key: token}}
                  ports: [{containerPort: 80}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: apps}
        """;

    [Fact]
    public void An_object_homelabd_would_refuse_stops_the_import_naming_its_file_object_and_field()
    {
        const string noImage = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: apps}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web}]
            """;

        var error = Assert.Throws<ImportException>(() => Conversion.Import(new Dictionary<string, string> { ["apps/web.yaml"] = noImage }));

        Assert.StartsWith("1 error(s) in the Homelab objects", error.Message, StringComparison.Ordinal);
        Assert.Contains("apps/web.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("spec.image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_and_document_import_cannot_take_is_named_in_a_warning()
    {
        var (imported, warnings) = Conversion.Import(new Dictionary<string, string> { ["apps/web.yaml"] = Foreign });

        var service = Assert.Single(imported.OfType<Service>());
        Assert.Equal("nginx:1.27", service.Spec.Image);
        var named = warnings.Select(w => $"{w.Source}: {w.Object}: {w.Field}").ToList();
        Assert.Contains("apps/web.yaml: Deployment apps/web: spec.replicas", named);
        Assert.Contains("apps/web.yaml: Deployment apps/web: spec.template.spec.nodeSelector.disk", named);
        Assert.Contains("apps/web.yaml: Deployment apps/web: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name", named);
        Assert.Contains("apps/web.yaml: StatefulSet apps/db: ", named);
    }

    [Fact]
    public void Secrets_and_the_volumes_that_mount_them_round_trip_with_include_secrets()
    {
        var export = Conversion.Export(Samples.All(), includeSecrets: true);

        var (imported, _) = Conversion.Import(Conversion.Render(export));

        var secret = Assert.Single(imported.OfType<Secret>());
        Assert.Equal("aHVudGVyMg==", secret.Data!["password"]);
        Assert.Equal(Canonical.Of(Samples.Parse(Samples.Service)[0]), Canonical.Of(Assert.Single(imported.OfType<Service>())));
        Assert.DoesNotContain(export.Warnings, w => w.Object == "Secret data/db");
    }

    [Fact]
    public void Without_include_secrets_a_Secret_is_left_out_and_named()
    {
        var export = Conversion.Export(Samples.All());

        Assert.DoesNotContain(export.Files, f => f.Path.Contains("secret", StringComparison.Ordinal));
        Assert.Contains(export.Warnings, w => w.Object == "Secret data/db" && w.Field == "data" && w.Reason.Contains("--include-secrets", StringComparison.Ordinal));
        Assert.Contains(export.Warnings, w => w.Object == "Service data/db" && w.Field == "spec.secrets[0].name");
        Assert.Contains(export.Warnings, w => w.Object == "Service data/db" && w.Field == "spec.configFiles[1].fromSecret.name");
    }
}
