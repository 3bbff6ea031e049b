namespace Homelab.Api.Security;

/// <summary>One field of a Service that a level forbids: its JSON path, the rule (e.g. baseline/privileged) and why.</summary>
public sealed record SecurityViolation(string Field, string Rule, string Message)
{
    public override string ToString() => $"{Field}: {Message} ({Rule})";
}
