using Homelab.Api.Resources;

namespace Homelab.Nftables.Model;

public sealed record PolicyInput(string Namespace, string Name, NetworkPolicySpec Spec)
{
    public PolicyRef Ref => new(Namespace, Name);

    /// <summary>
    /// Set for a policy a Route implies (the proxy may reach this one backend on its routed ports): it selects only the
    /// Service of this name, whatever its selector says, and only adds to the policies that isolate it. A Service no
    /// NetworkPolicy isolates is open to the proxy already; a Route must not wall it off from everyone else.
    /// </summary>
    public string? ImpliedFor { get; init; }
}
