namespace Homelab.Api;

public static class ApiGroup
{
    public const string Group = "homelab.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string DefaultNamespace = "default";

    /// <summary>Every namespace carries this label with its own name, so namespaceSelector can pick namespaces by name.</summary>
    public const string NamespaceNameLabel = "homelab.dev/namespace";
    /// <summary>kubectl's last-applied-configuration, under our own group.</summary>
    public const string LastAppliedAnnotation = "homelab.dev/last-applied-configuration";
    /// <summary>kubectl's own, which `kubectl apply` writes through the --listen endpoint.</summary>
    public const string KubectlLastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    /// <summary>Marks members of an apply set (KEP-3659 idea): `hlctl apply --prune --applyset NAME`.</summary>
    public const string ApplySetLabel = "homelab.dev/applyset";
}
