using System.Globalization;

namespace Homelab.Server.Tests.Metrics;

/// <summary>A scrape parsed into samples: "name{labels}" → value, labels as homelabd writes them.</summary>
internal sealed class ScrapedMetrics(string text)
{
    public string Text => text;

    public IReadOnlyDictionary<string, double> Samples { get; } = text.Split('\n')
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => (Series: l[..l.LastIndexOf(' ')], Value: l[(l.LastIndexOf(' ') + 1)..]))
        .ToDictionary(s => s.Series, s => s.Value switch
        {
            "+Inf" => double.PositiveInfinity,
            var v => double.Parse(v, CultureInfo.InvariantCulture),
        });

    /// <summary>The value of a series, 0 when it is absent (a counter that never moved).</summary>
    public double Value(string series) => Samples.GetValueOrDefault(series);

    public static async Task<ScrapedMetrics> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return new ScrapedMetrics(await response.Content.ReadAsStringAsync());
    }
}
