namespace Homelab.Translation.Export;

/// <summary>
/// A field that one side of the Kubernetes mapping cannot express: where it came from (file, when read from one), which
/// object, which field, and why. Printed on stderr as kubectl prints warnings.
/// </summary>
internal sealed record ConversionWarning(string? Source, string Object, string Field, string Reason)
{
    public override string ToString() =>
        $"Warning: {(Source is null ? "" : Source + ": ")}{Object}: {Field}: {Reason}";
}
