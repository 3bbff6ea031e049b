namespace Homelab.Translation.Export;

/// <summary>Collects the warnings of one object; every conversion step writes through one of these.</summary>
internal sealed class WarningScope(string? source, string objectName, List<ConversionWarning> sink)
{
    public string Object => objectName;

    public void Add(string field, string reason) => sink.Add(new ConversionWarning(source, objectName, field, reason));
}
