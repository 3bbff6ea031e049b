namespace Homelab.Server.Metrics;

/// <summary>
/// A class that creates instruments in its constructor (object gauges, say) and must therefore exist before the first
/// scrape; <see cref="MetricsCollector"/> asks for all of them.
/// </summary>
internal interface IMetricsSource;
