namespace Homelab.Cli.Tests.Export;

/// <summary>A test that runs kubectl 1.32, skipped with the reason where that binary is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public const string Path = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

    public KubectlFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = $"{Path} is not installed (Google Cloud SDK's kubectl 1.32)";
        }
    }
}
