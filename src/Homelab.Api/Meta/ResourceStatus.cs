namespace Homelab.Api.Meta;

/// <summary>The part of status every kind shares. Written by controllers only, through the status subresource.</summary>
public class ResourceStatus
{
    public long? ObservedGeneration { get; set; }
    public List<Condition>? Conditions { get; set; }

    public Condition? GetCondition(string type) => Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Sets a condition, moving lastTransitionTime only when the status value changes. Returns true when anything changed.</summary>
    public bool SetCondition(string type, string status, string reason, string message, long observedGeneration, DateTimeOffset now)
    {
        Conditions ??= [];
        var existing = GetCondition(type);
        if (existing is null)
        {
            Conditions.Add(new Condition { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = now, ObservedGeneration = observedGeneration });
            return true;
        }
        if (existing.Status == status && existing.Reason == reason && existing.Message == message && existing.ObservedGeneration == observedGeneration)
        {
            return false;
        }
        if (existing.Status != status)
        {
            existing.LastTransitionTime = now;
        }
        existing.Status = status;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = observedGeneration;
        return true;
    }
}
