namespace Homelab.Api.Resources;

/// <summary>Service.spec.ipFamilies, as Kubernetes names them; the first is the Service's primary family.</summary>
public static class IpFamilies
{
    public const string IPv4 = "IPv4";
    public const string IPv6 = "IPv6";
    public static readonly string[] All = [IPv4, IPv6];
}

/// <summary>Service.spec.ipFamilyPolicy, as Kubernetes names them; PreferDualStack when omitted.</summary>
public static class IpFamilyPolicies
{
    /// <summary>One family: the first of ipFamilies.</summary>
    public const string SingleStack = "SingleStack";

    /// <summary>Both families where the host has an IPv6 pool, else IPv4 alone.</summary>
    public const string PreferDualStack = "PreferDualStack";

    /// <summary>Both families, or the Service does not start.</summary>
    public const string RequireDualStack = "RequireDualStack";

    public static readonly string[] All = [SingleStack, PreferDualStack, RequireDualStack];

    /// <summary>Whether the Service's network should have an IPv6 subnet (an omitted policy is the default, dual stack).</summary>
    public static bool IsDualStack(ServiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.IpFamilyPolicy != SingleStack;
    }
}
