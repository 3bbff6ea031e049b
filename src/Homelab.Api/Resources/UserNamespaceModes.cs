namespace Homelab.Api.Resources;

/// <summary>Service.spec.securityContext.userNamespace.</summary>
public static class UserNamespaceModes
{
    public const string Auto = "auto";
    public const string Host = "host";
    public static readonly string[] All = [Auto, Host];
}
