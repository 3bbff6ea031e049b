using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Homelab.Operator;
using Homelab.Proxy;
using Homelab.Store;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Routes;

/// <summary>
/// Keeps the proxy's Namespace and Service in the store as <see cref="ProxyService"/> describes them: created when
/// missing, their spec put back when someone changed it. The Service controller does the rest.
/// </summary>
internal sealed class ProxyDeployment(IResourceStore store, IResourceClient client, IOptions<ProxyOptions> options)
{
    public ProxyOptions Options => options.Value;

    /// <summary>Writes what differs; returns the proxy Service as stored.</summary>
    public Service Ensure()
    {
        var o = options.Value;
        Directory.CreateDirectory(o.DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var mutations = new List<Mutation>();
        var ns = ProxyService.Namespace(o);
        var storedNs = client.Get<Namespace>("", o.Namespace);
        if (storedNs is null)
        {
            mutations.Add(Mutation.Create(ResourceKeys.Of(ns), HomelabJson.ToNode(ns)));
        }
        else if (storedNs.Metadata.Annotations?.GetValueOrDefault(Api.Security.SecurityLabels.AllowedHostPaths) != o.DataDir)
        {
            mutations.Add(Mutation.Patch(ResourceKeys.Of(ns), node =>
            {
                var annotations = node["metadata"]!["annotations"] as JsonObject ?? [];
                annotations[Api.Security.SecurityLabels.AllowedHostPaths] = o.DataDir;
                node["metadata"]!["annotations"] = annotations.DeepClone();
                return node;
            }));
        }
        var service = ProxyService.Service(o);
        ResourceDefaults.Apply(service);
        var desiredSpec = HomelabJson.ToNode(service)["spec"]!;
        var stored = client.Get<Service>(o.Namespace, o.Name);
        if (stored is null)
        {
            mutations.Add(Mutation.Create(ResourceKeys.Of(service), HomelabJson.ToNode(service)));
        }
        else if (!JsonNode.DeepEquals(HomelabJson.ToNode(stored)["spec"], desiredSpec))
        {
            mutations.Add(Mutation.Patch(ResourceKeys.Of(service), node =>
            {
                node["spec"] = desiredSpec.DeepClone();
                return node;
            }));
        }
        if (mutations.Count > 0)
        {
            store.Commit(mutations);
        }
        return client.Get<Service>(o.Namespace, o.Name) ?? service;
    }

    public static bool IsReady(Service proxy) =>
        proxy.Status?.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatus.True } ready && ready.ObservedGeneration >= proxy.Generation;
}
