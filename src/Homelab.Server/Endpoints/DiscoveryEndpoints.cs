using System.Reflection;
using System.Runtime.InteropServices;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>GET /version and GET /apis/homelab.dev/v1alpha1 (which resources exist, as kubectl discovery shows them).</summary>
internal static class DiscoveryEndpoints
{
    private static readonly ApiResourceList Resources = BuildResourceList();

    private static readonly VersionInfo Version = new()
    {
        Version = typeof(DiscoveryEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
        Runtime = RuntimeInformation.FrameworkDescription,
        Platform = RuntimeInformation.RuntimeIdentifier.Replace('-', '/'),
    };

    public static Task GetVersionAsync(HttpContext context) => ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, Version);

    public static Task GetResourcesAsync(HttpContext context) => ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, Resources);

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
                Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
                ShortNames = [.. kind.ShortNames],
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
