using System.Collections;
using System.Text.Json.Serialization.Metadata;
using Homelab.Api.Serialization;

namespace Homelab.Api.Validation;

/// <summary>
/// YAML turns "- " and "key:" into null, which the deserializer lets through into fields the types declare non-null.
/// This walk finds them before any validator runs, so validators (and later the controllers) may rely on the
/// nullable annotations. Names come from the serializer's own contract, so paths match the wire.
/// </summary>
internal static class NullFields
{
    public static void Find(object? value, Type type, string path, List<StatusCause> causes)
    {
        if (value is null || type == typeof(string) || type.IsValueType)
        {
            return;
        }
        var info = HomelabJson.Options.GetTypeInfo(value.GetType());
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties)
                {
                    if (property.Get is null)
                    {
                        continue;
                    }
                    var child = property.Get(value);
                    var childPath = FieldPath.Combine(path, property.Name);
                    if (child is null && !property.IsGetNullable)
                    {
                        causes.Add(new StatusCause { Field = childPath, Message = "is required and must not be null", Reason = CauseReasons.Required });
                    }
                    Find(child, property.PropertyType, childPath, causes);
                }
                break;
            case JsonTypeInfoKind.Dictionary:
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    if (entry.Value is null)
                    {
                        causes.Add(new StatusCause { Field = $"{path}[{entry.Key}]", Message = "must be a string, not null", Reason = CauseReasons.Invalid });
                    }
                }
                break;
            case JsonTypeInfoKind.Enumerable:
                var index = 0;
                foreach (var item in (IEnumerable)value)
                {
                    if (item is null)
                    {
                        causes.Add(new StatusCause { Field = $"{path}[{index}]", Message = "must not be null (an empty list item?)", Reason = CauseReasons.Required });
                    }
                    Find(item, info.ElementType!, $"{path}[{index}]", causes);
                    index++;
                }
                break;
        }
    }
}
