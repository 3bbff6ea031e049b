using Homelab.Api;
using Homelab.Api.Resources;

namespace Homelab.TestKit;

/// <summary>Small valid objects to start a test from; change what the test is about.</summary>
public static class TestResources
{
    public static Namespace Namespace(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = { Name = name, Labels = labels is null ? null : new Dictionary<string, string>(labels) },
    };

    public static Service Service(string name, string ns = ApiGroup.DefaultNamespace, string image = "registry.local/app:1.0", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = { Name = name, Namespace = ns, Labels = labels is null ? null : new Dictionary<string, string>(labels) },
        Spec = { Image = image },
    };
}
