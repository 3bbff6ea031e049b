using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Metrics;

/// <summary>GET /metrics: every Homelab instrument and the process set, in the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static Task GetAsync(HttpContext context)
    {
        var text = new StringBuilder(16 * 1024);
        context.RequestServices.GetRequiredService<MetricsCollector>().WriteTo(text);
        ProcessMetrics.WriteTo(text);
        context.Response.ContentType = PrometheusText.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
