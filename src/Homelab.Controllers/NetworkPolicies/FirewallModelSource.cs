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
/// Compiles only when the firewall's inputs changed (<see cref="FirewallCompiler"/>); safe to call from several threads.
/// </summary>
public sealed class FirewallModelSource(IResourceClient client, IOptions<NftOptions> options)
{
    private readonly FirewallCompiler _compiler = new(options.Value.TableName);

    public FirewallSnapshot Build()
    {
        var policies = client.List<NetworkPolicy>();
        var compiled = _compiler.Compile(FirewallInputs.FromResources(client.List<Namespace>(), client.List<Service>(), policies));
        return new FirewallSnapshot(policies, compiled.Model, compiled.Ruleset);
    }
}

/// <summary>The policies as read (their statuses are written from it), the model compiled from them and its rendering.</summary>
public sealed record FirewallSnapshot(IReadOnlyList<NetworkPolicy> Policies, AccessModel Model, NftRuleset Ruleset);
