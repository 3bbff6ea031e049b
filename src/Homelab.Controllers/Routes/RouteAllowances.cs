using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Nftables.Model;
using Homelab.Proxy;
using Homelab.Proxy.Compilation;

namespace Homelab.Controllers.Routes;

/// <summary>
/// What the firewall must admit because of Routes: the proxy Service to each accepted Route's backends, on exactly the
/// routed ports, over TCP. One implied policy per Route and backend Service, named "route:ROUTE:SERVICE" so `explain-access` and
/// `describe` name the Route that opened the way. Conflicted Routes open nothing.
/// </summary>
public static class RouteAllowances
{
    public static IReadOnlyList<PolicyInput> For(IReadOnlyList<Route> routes, IReadOnlyList<Service> services, ProxyOptions proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (routes.Count == 0)
        {
            return [];
        }
        var compiled = RouteCompiler.Compile(new RouteInput(routes, services, new Dictionary<string, CertificateFiles>(), new ProxyPorts(0, 0, 0, 0)));
        var from = new NetworkPolicyPeer
        {
            NamespaceSelector = new LabelSelector { MatchLabels = new() { [Api.ApiGroup.NamespaceNameLabel] = proxy.Namespace } },
            ServiceSelector = new LabelSelector { MatchLabels = new() { [ProxyService.ProxyLabel] = "true" } },
        };
        var policies = new List<PolicyInput>();
        foreach (var verdict in compiled.Verdicts.Values.Where(v => v.Accepted.Status).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var name = verdict.Key[(verdict.Key.IndexOf('/', StringComparison.Ordinal) + 1)..];
            foreach (var backend in verdict.Backends.GroupBy(b => (b.Namespace, b.Service)).OrderBy(g => g.Key.Service, StringComparer.Ordinal))
            {
                policies.Add(new PolicyInput(backend.Key.Namespace, $"route:{name}:{backend.Key.Service}", new NetworkPolicySpec
                {
                    ServiceSelector = new LabelSelector(),
                    PolicyTypes = [PolicyTypes.Ingress],
                    Ingress =
                    [
                        new NetworkPolicyIngressRule
                        {
                            From = [from],
                            Ports = [.. backend.Select(b => b.Port).Distinct().Order().Select(p => new NetworkPolicyPort { Protocol = Protocols.Tcp, Port = p })],
                        },
                    ],
                })
                {
                    ImpliedFor = backend.Key.Service,
                });
            }
        }
        return policies;
    }
}
