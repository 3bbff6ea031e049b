namespace Homelab.Server.Metrics;

/// <summary>One series of a family: its rendered labels and either a value or a histogram.</summary>
internal sealed record MetricPoint(string Labels, double Value, Histogram? Histogram);
