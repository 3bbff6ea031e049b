using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

/// <summary>
/// The table columns of each kind, in one place so hlctl's tables and the daemon's Table answers to kubectl print the
/// same thing.
/// </summary>
public static class KindColumns
{
    public static IKindColumns For(KindInfo kind) => kind.Kind switch
    {
        "Service" => new ServiceColumns(),
        "NetworkPolicy" => new NetworkPolicyColumns(),
        "UpdatePolicy" => new UpdatePolicyColumns(),
        "Namespace" => new NamespaceColumns(),
        "Secret" => new SecretColumns(),
        "ImagePolicy" => new ImagePolicyColumns(),
        "Issuer" => new IssuerColumns(),
        "Route" => new RouteColumns(),
        _ => throw new ArgumentException($"no table columns for kind {kind.Kind}", nameof(kind)),
    };
}
