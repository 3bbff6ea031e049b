using Homelab.Translation.Export;
using k8s.Models;

namespace Homelab.Cli.Tests.Export;

/// <summary>UpdatePolicies become Keel's annotations on the Deployments they select; the rest is named in warnings.</summary>
public sealed class UpdatePolicyExportTests
{
    private const string Policies = """
        apiVersion: homelab.dev/v1alpha1
        kind: UpdatePolicy
        metadata: {name: a-semver, namespace: data, labels: {team: ops}}
        spec:
          serviceSelector: {matchLabels: {app: db}}
          interval: 6h
          strategy: semver
          semver: {allow: patch, tagPattern: "^16\\."}
          mode: notify
        ---
        apiVersion: homelab.dev/v1alpha1
        kind: UpdatePolicy
        metadata: {name: b-digest, namespace: data}
        spec:
          serviceSelector: {}
          schedule: "0 3 * * *"
        """;

    [Fact]
    public void The_first_policy_by_name_becomes_Keel_annotations_and_the_rest_is_warned_about()
    {
        var export = Conversion.Export(Samples.Parse(string.Join("\n---\n", Samples.Service, Policies)));

        var deployment = KubernetesSchema.LoadStrict(Conversion.Render(export)["data/service-db.yaml"]).OfType<V1Deployment>().Single();
        var keel = deployment.Metadata.Annotations.Where(a => a.Key.StartsWith(KeelAnnotations.Prefix, StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(new Dictionary<string, string>
        {
            [KeelAnnotations.Policy] = "patch",
            [KeelAnnotations.Trigger] = "poll",
            [KeelAnnotations.PollSchedule] = "@every 6h",
            [KeelAnnotations.Approvals] = "1",
        }, keel);
        var named = export.Warnings.Where(w => w.Object.StartsWith("UpdatePolicy", StringComparison.Ordinal)).Select(w => $"{w.Object}: {w.Field}").ToList();
        Assert.Contains("UpdatePolicy data/a-semver: spec.semver.tagPattern", named);
        Assert.Contains("UpdatePolicy data/a-semver: spec.mode", named);
        Assert.Contains("UpdatePolicy data/a-semver: metadata.labels[team]", named);
        Assert.Contains("UpdatePolicy data/b-digest: spec.serviceSelector", named);
        Assert.Contains("UpdatePolicy data/b-digest: spec.rollback", named);
    }
}
