using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Tests.Printing;

public sealed class ResourceTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Service(string ns, string name, long generation, long observed) => JsonNode.Parse($$"""
        {
          "apiVersion": "homelab.dev/v1alpha1", "kind": "Service",
          "metadata": {"name": "{{name}}", "namespace": "{{ns}}", "generation": {{generation}}, "creationTimestamp": "2026-11-25T11:57:00Z"},
          "spec": {"image": "nginx:1.27", "ports": [{"containerPort": 80, "hostPort": 80, "protocol": "TCP"}, {"containerPort": 53, "protocol": "UDP"}]},
          "status": {"ip": "10.89.0.2", "network": "hl-default-web",
                     "conditions": [{"type": "Ready", "status": "True", "reason": "Running", "observedGeneration": {{observed}}}]}
        }
        """)!.AsObject();

    [Fact]
    public void Service_rows_show_readiness_ports_and_age()
    {
        var table = new ResourceTable(ResourceKinds.Service, wide: false, allNamespaces: false).Build([Service("default", "web", 2, 2)], Now);

        Assert.Equal(
            "NAME   IMAGE        READY   STATUS    RESTARTS   PORTS              AGE\n" +
            "web    nginx:1.27   1/1     Running   0          80:80/TCP,53/UDP   3m\n",
            table.Render());
    }

    [Fact]
    public void A_ready_condition_from_an_older_generation_does_not_count()
    {
        var row = new ResourceTable(ResourceKinds.Service, wide: false, allNamespaces: false).Row(Service("default", "web", 3, 2), Now);

        Assert.Equal("0/1", row[2]);
        Assert.Equal("Pending", row[3]);
    }

    [Fact]
    public void Wide_adds_ip_network_and_privileges_and_all_namespaces_puts_namespace_first()
    {
        var table = new ResourceTable(ResourceKinds.Service, wide: true, allNamespaces: true);

        Assert.Equal(["NAMESPACE", "NAME", "IMAGE", "READY", "STATUS", "RESTARTS", "PORTS", "AGE", "IP", "NETWORK", "PRIVILEGES"], table.Headers);
        Assert.Equal(["media", "web", "nginx:1.27", "1/1", "Running", "0", "80:80/TCP,53/UDP", "3m", "10.89.0.2", "hl-default-web", "hostPort:80"], table.Row(Service("media", "web", 1, 1), Now));
    }

    [Fact]
    public void Network_policy_rows_summarise_selector_types_and_rules()
    {
        var policy = JsonNode.Parse("""
            {"apiVersion": "homelab.dev/v1alpha1", "kind": "NetworkPolicy",
             "metadata": {"name": "web-in", "namespace": "default", "creationTimestamp": "2026-11-21T12:00:00Z"},
             "spec": {"serviceSelector": {"matchLabels": {"app": "web"}},
                      "ingress": [{"from": [{"serviceSelector": {"matchLabels": {"app": "caddy"}}, "namespaceSelector": {"matchLabels": {"team": "edge"}}},
                                            {"ipBlock": {"cidr": "192.168.1.0/24", "except": ["192.168.1.1/32"]}}],
                                   "ports": [{"protocol": "TCP", "port": "http"}]}],
                      "egress": []}}
            """)!.AsObject();

        var row = new ResourceTable(ResourceKinds.NetworkPolicy, wide: true, allNamespaces: false).Row(policy, Now);

        Assert.Equal(["web-in", "app=web", "Ingress", "Unknown", "4d", "svc(app=caddy)@ns(team=edge),192.168.1.0/24 except 192.168.1.1/32:TCP/http", "<none>"], row);
    }
}
