using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>The Kubernetes NetworkPolicy, with Services in place of Pods.</summary>
public sealed class NetworkPolicy : Resource<NetworkPolicySpec, ResourceStatus>
{
    public NetworkPolicy() => Kind = ResourceKinds.NetworkPolicy.Kind;
}

public sealed class NetworkPolicySpec
{
    /// <summary>Required (the CRD says so); null when absent, so validation can refuse it rather than select everything.</summary>
    public LabelSelector? ServiceSelector { get; set; }
    /// <summary>Ingress and/or Egress. Defaults to Ingress, plus Egress when egress rules exist.</summary>
    public List<string>? PolicyTypes { get; set; }
    public List<NetworkPolicyIngressRule>? Ingress { get; set; }
    public List<NetworkPolicyEgressRule>? Egress { get; set; }
}

public sealed class NetworkPolicyIngressRule
{
    /// <summary>Empty or absent: from anywhere.</summary>
    public List<NetworkPolicyPeer>? From { get; set; }
    /// <summary>Empty or absent: all ports.</summary>
    public List<NetworkPolicyPort>? Ports { get; set; }
}

public sealed class NetworkPolicyEgressRule
{
    public List<NetworkPolicyPeer>? To { get; set; }
    public List<NetworkPolicyPort>? Ports { get; set; }
}

public sealed class NetworkPolicyPeer
{
    public LabelSelector? ServiceSelector { get; set; }
    public LabelSelector? NamespaceSelector { get; set; }
    public IpBlock? IpBlock { get; set; }
}

public sealed class IpBlock
{
    public string Cidr { get; set; } = "";
    public List<string>? Except { get; set; }
}

public sealed class NetworkPolicyPort
{
    /// <summary>TCP or UDP; TCP when omitted.</summary>
    public string? Protocol { get; set; }
    /// <summary>A number or the name of a port of the selected Service. Absent: all ports.</summary>
    public IntOrString? Port { get; set; }
    public int? EndPort { get; set; }
}

public static class PolicyTypes
{
    public const string Ingress = "Ingress";
    public const string Egress = "Egress";
}
