using System.Text.Json.Nodes;
using Homelab.Translation.Export;

namespace Homelab.Translation.Import.Compose;

/// <summary>
/// A service's fields, taken one by one as the importer reads them, so what is left at the end is exactly what it did
/// not read: each leftover is a warning, never dropped silently. Warnings name the file that set the field.
/// </summary>
internal sealed class ServiceFields(ComposeService service, List<ConversionWarning> warnings, Func<string, string>? fieldName = null)
{
    private readonly JsonObject _left = (JsonObject)service.Definition.DeepClone();

    public string Name => service.Name;

    public JsonNode? Take(string key) => _left.Remove(key, out var value) ? value : null;

    public bool Has(string key) => _left.ContainsKey(key);

    public void Warn(string field, string reason) =>
        warnings.Add(new ConversionWarning(service.SourceOf(field), Object, fieldName is null ? field : fieldName(field), reason));

    public string Object => $"service {service.Name}";

    /// <summary>Every field not taken, with the reason <paramref name="reasons"/> gives or a generic one; x- extensions are the user's own.</summary>
    public void ReportLeftovers(IReadOnlyDictionary<string, string> reasons)
    {
        foreach (var (key, value) in _left)
        {
            if (key.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }
            if (value is JsonObject obj && obj.Count > 0 && !reasons.ContainsKey(key))
            {
                foreach (var (inner, _) in obj)
                {
                    Warn($"{key}.{inner}", reasons.GetValueOrDefault($"{key}.{inner}", Generic));
                }
                continue;
            }
            Warn(key, reasons.GetValueOrDefault(key, Generic));
        }
    }

    private const string Generic = "Homelab has no such field; not imported";
}
