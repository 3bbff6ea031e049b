using Homelab.Api.Resources;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Homelab.Controllers.Routes;
using Homelab.Operator;
using Homelab.Proxy;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.NetworkPolicies;

/// <summary>
/// Builds the access model and its nft rendering from the objects in the store. The controller loads what this builds, and
/// the explain and nft endpoints answer from it, so what they say is what the kernel enforces once the controller has run.
/// Compiles only when the firewall's inputs changed (<see cref="FirewallCompiler"/>); safe to call from several threads.
/// </summary>
public sealed class FirewallModelSource(IResourceClient client, IOptions<NftOptions> options, IOptions<ProxyOptions> proxy)
{
    private readonly FirewallCompiler _compiler = new(options.Value.TableName);

    public FirewallSnapshot Build()
    {
        var policies = client.List<NetworkPolicy>();
        var services = client.List<Service>();
        var input = FirewallInputs.FromResources(client.List<Namespace>(), services, policies);
        // Routes open the way from the proxy to their backends' routed ports, and nothing else.
        var implied = RouteAllowances.For(client.List<Route>(), services, proxy.Value);
        var compiled = _compiler.Compile(implied.Count == 0 ? input : input with { Policies = [.. input.Policies, .. implied] });
        return new FirewallSnapshot(policies, compiled.Model, compiled.Ruleset);
    }
}

/// <summary>The policies as read (their statuses are written from it), the model compiled from them and its rendering.</summary>
public sealed record FirewallSnapshot(IReadOnlyList<NetworkPolicy> Policies, AccessModel Model, NftRuleset Ruleset);
