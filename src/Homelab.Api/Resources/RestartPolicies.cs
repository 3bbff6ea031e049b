namespace Homelab.Api.Resources;

/// <summary>Service.spec.restartPolicy; Always when omitted.</summary>
public static class RestartPolicies
{
    public const string Always = "Always";
    public const string OnFailure = "OnFailure";
    public const string Never = "Never";
    public static readonly string[] All = [Always, OnFailure, Never];
}
