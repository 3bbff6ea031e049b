using k8s;

namespace Homelab.Cli.Tests.Export;

/// <summary>
/// Kubernetes' own C# client models as the schema: every document is read as the model its apiVersion and kind name,
/// strictly, so an unknown kind, an unknown or misspelled field and a value of the wrong type each throw.
/// </summary>
internal static class KubernetesSchema
{
    public static IReadOnlyList<object> LoadStrict(string yaml) => KubernetesYaml.LoadAllFromString(yaml, strict: true);
}
