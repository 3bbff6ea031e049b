namespace Homelab.Api.Resources;

/// <summary>UpdatePolicy.spec.window.days.</summary>
public static class WeekDays
{
    public const string Mon = "Mon";
    public const string Tue = "Tue";
    public const string Wed = "Wed";
    public const string Thu = "Thu";
    public const string Fri = "Fri";
    public const string Sat = "Sat";
    public const string Sun = "Sun";
    public static readonly string[] All = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
}
