namespace Homelab.Server.Metrics;

internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
