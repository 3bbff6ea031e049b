namespace Homelab.Api.Resources;

/// <summary>UpdatePolicy.spec.mode; apply when omitted.</summary>
public static class UpdateModes
{
    public const string Apply = "apply";
    public const string Notify = "notify";
    public static readonly string[] All = [Apply, Notify];
}
