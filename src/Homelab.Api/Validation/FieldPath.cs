using System.Text;
using System.Text.Json;

namespace Homelab.Api.Validation;

/// <summary>Turns FluentValidation's property paths (Spec.Ports[1].ContainerPort) into JSON field paths (spec.ports[1].containerPort).</summary>
internal static class FieldPath
{
    /// <summary>Each member name goes through the serializer's own naming policy, so paths cannot drift from the wire names
    /// (HostIP → hostIP). Text inside brackets is an index or a map key and is kept verbatim.</summary>
    public static string ToJson(string propertyPath)
    {
        var builder = new StringBuilder(propertyPath.Length);
        var segment = new StringBuilder();
        var i = 0;
        while (i < propertyPath.Length)
        {
            var c = propertyPath[i];
            if (c == '[')
            {
                Flush(builder, segment);
                var close = propertyPath.IndexOf(']', i);
                close = close < 0 ? propertyPath.Length - 1 : close;
                builder.Append(propertyPath, i, close - i + 1);
                i = close + 1;
                continue;
            }
            if (c == '.')
            {
                Flush(builder, segment);
                builder.Append('.');
            }
            else
            {
                segment.Append(c);
            }
            i++;
        }
        Flush(builder, segment);
        return builder.ToString();
    }

    public static string Combine(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";

    private static void Flush(StringBuilder builder, StringBuilder segment)
    {
        if (segment.Length > 0)
        {
            builder.Append(JsonNamingPolicy.CamelCase.ConvertName(segment.ToString()));
            segment.Clear();
        }
    }
}
