using Homelab.Api.Resources;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Homelab.Operator;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.NetworkPolicies;

/// <summary>
/// Builds the access model and its nft rendering from the objects in the store. The controller loads what this builds, and
/// the explain and nft endpoints answer from it, so what they say is what the kernel enforces once the controller has run.
/// </summary>
public sealed class FirewallModelSource(IResourceClient client, IOptions<NftOptions> options)
{
    public FirewallSnapshot Build()
    {
        var policies = client.List<NetworkPolicy>();
        var input = FirewallInputs.FromResources(client.List<Namespace>(), client.List<Service>(), policies);
        var model = AccessModel.Build(input);
        return new FirewallSnapshot(policies, model, NftRenderer.Render(model, options.Value.TableName));
    }
}

/// <summary>The policies as read, the model compiled from them and its rendering.</summary>
public sealed record FirewallSnapshot(IReadOnlyList<NetworkPolicy> Policies, AccessModel Model, NftRuleset Ruleset);
