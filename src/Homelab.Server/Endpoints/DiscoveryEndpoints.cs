using System.Reflection;
using System.Runtime.InteropServices;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>
/// GET /version, /apis and /apis/homelab.dev/v1alpha1: what kubectl's discovery reads. /api (the core group) is left
/// unanswered (404, which discovery tolerates): a core list would make kubectl map "svc", "ns" and "secret" to
/// Kubernetes' own kinds, shadowing Homelab's.
/// </summary>
internal static class DiscoveryEndpoints
{
    public const string Category = "homelab";

    /// <summary>
    /// The Kubernetes minor whose apiserver behaviour homelabd follows for custom resources. kubectl warns (in `kubectl
    /// version` only) when its own minor is more than one away, so 1.32–1.34 are quiet and older ones print the warning.
    /// </summary>
    public const int KubernetesMinor = 33;

    private static readonly ApiResourceList Resources = BuildResourceList();

    private static readonly ApiGroupList Groups = BuildGroupList();

    private static readonly VersionInfo Version = BuildVersion();

    public static Task GetVersionAsync(HttpContext context) => ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, Version);

    public static Task GetResourcesAsync(HttpContext context) => ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, Resources);

    /// <summary>homelabd's version as /version reports it (v1.2.3).</summary>
    internal static string GitVersion => Version.GitVersion;

    public static Task GetGroupsAsync(HttpContext context) => ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, Groups);

    private static VersionInfo BuildVersion()
    {
        var version = typeof(DiscoveryEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        return new VersionInfo
        {
            Major = "1",
            Minor = KubernetesMinor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            GitVersion = $"v1.{KubernetesMinor}.0+homelab.{version}",
            Version = version,
            Runtime = RuntimeInformation.FrameworkDescription,
            Platform = RuntimeInformation.RuntimeIdentifier.Replace('-', '/'),
        };
    }

    private static ApiGroupList BuildGroupList()
    {
        var version = new GroupVersionEntry { GroupVersion = ApiGroup.ApiVersion, Version = ApiGroup.Version };
        return new ApiGroupList { Groups = [new ApiGroupEntry { Name = ApiGroup.Group, Versions = [version], PreferredVersion = version }] };
    }

    private static ApiResourceList BuildResourceList()
    {
        var list = new ApiResourceList();
        foreach (var kind in ResourceKinds.All)
        {
            list.Resources.Add(new ApiResource
            {
                Name = kind.Plural,
                SingularName = kind.Singular,
                Namespaced = kind.Namespaced,
                Kind = kind.Kind,
                Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                ShortNames = [.. kind.ShortNames],
                Categories = [Category],
            });
            list.Resources.Add(new ApiResource
            {
                Name = kind.Plural + "/status",
                Namespaced = kind.Namespaced,
                Kind = kind.Kind,
                Verbs = ["get", "patch", "update"],
            });
        }
        return list;
    }
}
