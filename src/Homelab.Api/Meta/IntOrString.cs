using System.Text.Json;
using System.Text.Json.Serialization;

namespace Homelab.Api.Meta;

/// <summary>A port given as a number or as the name of a container port, as in Kubernetes.</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    public int? Number { get; }
    public string? Name { get; }

    public IntOrString(int number) => Number = number;
    public IntOrString(string name) => Name = name;

    public bool IsNumber => Number.HasValue;
    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Name ?? "";

    public static implicit operator IntOrString(int number) => new(number);
    public static implicit operator IntOrString(string name) => new(name);
}

internal sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt32(out var n) => new IntOrString(n),
        JsonTokenType.String => new IntOrString(reader.GetString()!),
        _ => throw new JsonException("expected a port number or a port name"),
    };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.Number is { } n)
        {
            writer.WriteNumberValue(n);
        }
        else
        {
            writer.WriteStringValue(value.Name);
        }
    }
}
