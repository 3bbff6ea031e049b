using Homelab.Api.Resources;

namespace Homelab.Api.Protocol;

/// <summary>Kubernetes-style paths, shared by homelabd and hlctl so they cannot drift apart.</summary>
public static class ApiPaths
{
    /// <summary>GET: the API groups (discovery).</summary>
    public const string Groups = "/apis";
    public const string Root = Groups + "/" + ApiGroup.ApiVersion;
    public const string Batch = Root + "/batch";
    public const string Version = "/version";

    /// <summary>GET, Unix socket only: <see cref="KubeconfigInfo"/> for the --listen TLS endpoint (`hlctl kubeconfig`).</summary>
    public const string Kubeconfig = Root + "/kubeconfig";

    /// <summary>GET: "ok", or 500 naming the failed host checks; ?verbose lists every check (JSON with ?format=report).</summary>
    public const string Readyz = "/readyz";

    /// <summary>/readyz?format=report: the <see cref="HostCheckReport"/> as JSON, for `hlctl doctor`.</summary>
    public const string ReadyzReportFormat = "report";

    /// <summary>GET: "ok" while the daemon serves.</summary>
    public const string Livez = "/livez";

    /// <summary>/apis/homelab.dev/v1alpha1[/namespaces/{ns}]/{plural}[/{name}]. A null namespace for a namespaced kind lists all namespaces.</summary>
    public static string For(KindInfo kind, string? ns = null, string? name = null)
    {
        var path = kind.Namespaced && ns is not null ? $"{Root}/namespaces/{Uri.EscapeDataString(ns)}/{kind.Plural}" : $"{Root}/{kind.Plural}";
        return name is null ? path : $"{path}/{Uri.EscapeDataString(name)}";
    }

    public static string Status(KindInfo kind, string? ns, string name) => For(kind, ns, name) + "/status";

    public static string Events(string? ns) => ns is null ? $"{Root}/events" : $"{Root}/namespaces/{Uri.EscapeDataString(ns)}/events";

    /// <summary>GET, text/plain; ?follow=true&amp;tailLines=N.</summary>
    public static string Logs(string ns, string name) => For(ResourceKinds.Service, ns, name) + "/log";

    /// <summary>GET, text/plain: the nft rules (sets and chains) compiled for one NetworkPolicy.</summary>
    public static string NetworkPolicyNft(string ns, string name) => For(ResourceKinds.NetworkPolicy, ns, name) + "/nft";

    /// <summary>GET ?from=ns/name|IP|host&amp;to=…&amp;port=P&amp;protocol=TCP: whether a new connection is allowed, and by which rules.</summary>
    public const string ExplainAccess = Root + "/explain-access";

    /// <summary>GET: the effective access of one Service (isolation per direction, the policies and rules that open it).</summary>
    public static string ServiceAccess(string ns, string name) => For(ResourceKinds.Service, ns, name) + "/access";
}
