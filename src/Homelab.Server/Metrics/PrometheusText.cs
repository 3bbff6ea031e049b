using System.Globalization;
using System.Text;

namespace Homelab.Server.Metrics;

/// <summary>The Prometheus text exposition format, version 0.0.4: HELP and TYPE lines, escaped labels, Go-style floats.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders tags as <c>a="x",b="y"</c> in the order given (each instrument passes its tags in one fixed order).</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var (key, value) in tags)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(key).Append("=\"");
            Escape(text, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
            text.Append('"');
        }
        return text.ToString();
    }

    public static void WriteFamily(StringBuilder text, string name, string? help, MetricType type, IEnumerable<MetricPoint> points)
    {
        text.Append("# HELP ").Append(name).Append(' ');
        EscapeHelp(text, string.IsNullOrEmpty(help) ? name : help);
        text.Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type switch
        {
            MetricType.Counter => "counter",
            MetricType.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');
        foreach (var point in points)
        {
            if (point.Histogram is { } histogram)
            {
                for (var i = 0; i < histogram.Bounds.Count; i++)
                {
                    Sample(text, name + "_bucket", Join(point.Labels, "le=\"" + Number(histogram.Bounds[i]) + "\""), histogram.CumulativeCount(i));
                }
                Sample(text, name + "_bucket", Join(point.Labels, "le=\"+Inf\""), histogram.Count);
                Sample(text, name + "_sum", point.Labels, histogram.Sum);
                Sample(text, name + "_count", point.Labels, histogram.Count);
            }
            else
            {
                Sample(text, name, point.Labels, point.Value);
            }
        }
    }

    public static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static void Escape(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    private static void EscapeHelp(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }
}
