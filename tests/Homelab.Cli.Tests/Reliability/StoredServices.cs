using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Client;

namespace Homelab.Cli.Tests.Reliability;

/// <summary>Services written straight to homelabd's API and read back by name, for the storage suites.</summary>
internal static class StoredServices
{
    public static Task CreateAsync(HomelabClient client, string ns, string name, string image, JsonObject? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }
        var service = new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = ResourceKinds.Service.Kind,
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["image"] = image },
        };
        return client.CreateAsync(ApiPaths.For(ResourceKinds.Service, ns), service, CancellationToken.None);
    }

    /// <summary>The names of the Services homelabd serves in <paramref name="ns"/>, in ordinal order.</summary>
    public static async Task<IReadOnlyList<string>> NamesAsync(HomelabClient client, string ns) =>
        [.. (await client.ListAsync(ResourceKinds.Service, ns, null, CancellationToken.None)).Items.Select(o => o["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
