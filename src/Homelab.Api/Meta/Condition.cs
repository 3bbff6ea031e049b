namespace Homelab.Api.Meta;

/// <summary>A Kubernetes-style condition. <see cref="LastTransitionTime"/> moves only when <see cref="Status"/> flips.</summary>
public sealed class Condition
{
    public string Type { get; set; } = "";
    /// <summary>"True", "False" or "Unknown".</summary>
    public string Status { get; set; } = ConditionStatus.Unknown;
    public string Reason { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset LastTransitionTime { get; set; }
    public long ObservedGeneration { get; set; }
}

public static class ConditionStatus
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";
}

public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Progressing = "Progressing";
    /// <summary>Whether anything serves: the current spec's container or, after a rolled-back change, the previous one.</summary>
    public const string Available = "Available";
}
