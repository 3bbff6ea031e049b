using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;

namespace Homelab.Translation.Import;

/// <summary>Every import's last step: each object read as its Homelab type and checked, defaulted, as homelabd would check it.</summary>
internal static class ImportValidation
{
    /// <param name="objects">Each object with where it came from ("FILE: KIND NAME"), for the error.</param>
    /// <returns>The objects as their types (in the type's field order), or an <see cref="ImportException"/> naming every error.</returns>
    public static List<Resource> Validate(IEnumerable<(string Where, JsonObject Object)> objects)
    {
        var errors = new List<string>();
        var resources = new List<Resource>();
        foreach (var (where, obj) in objects)
        {
            try
            {
                resources.Add(HomelabJson.ToResource((JsonObject)obj.DeepClone()));
                var defaulted = HomelabJson.ToResource((JsonObject)obj.DeepClone());
                ResourceDefaults.Apply(defaulted);
                errors.AddRange(ResourceValidation.Validate(defaulted).Select(c => $"{where}: {c.Field}: {c.Message}"));
            }
            catch (ManifestException e)
            {
                errors.Add($"{where}: {e.Message}");
            }
        }
        if (errors.Count > 0)
        {
            throw new ImportException($"{errors.Count} error(s) in the Homelab objects{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
        }
        return resources;
    }
}
