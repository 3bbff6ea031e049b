namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>A test that needs the kubectl build of <paramref name="version"/>: skipped, saying so, when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute(string version = "1.32")
    {
        if (!File.Exists(Kubectl.PathOf(version)))
        {
            Skip = $"kubectl {version} is not installed at {Kubectl.PathOf(version)}";
        }
    }
}
