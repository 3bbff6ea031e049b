using System.Globalization;
using System.Text;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Podman;
using Homelab.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Endpoints;

/// <summary>GET …/namespaces/{ns}/services/{name}/log?follow=&amp;tailLines=: the container's output as text/plain, like kubectl logs.</summary>
public static class LogsEndpoints
{
    public const string Route = $"/apis/{ApiGroup.Group}/{ApiGroup.Version}/namespaces/{{ns}}/services/{{name}}/log";

    /// <summary>Maps the Service log endpoint; needs <c>AddServiceController()</c> (for the container runtime).</summary>
    public static IEndpointConventionBuilder MapServiceLogs(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(Route, context => StreamAsync(context, ResourceRoute.Value(context, "ns"), ResourceRoute.Value(context, "name")));
    }

    internal static async Task StreamAsync(HttpContext context, string ns, string name)
    {
        var follow = QueryParameters.Flag(context.Request, "follow");
        var tailLines = TailLines(QueryParameters.Single(context.Request, "tailLines"));
        var client = context.RequestServices.GetRequiredService<IResourceClient>();
        if (client.Get<Service>(ns, name) is null)
        {
            throw ApiException.NotFound($"services \"{name}\" not found in namespace \"{ns}\"");
        }
        var runtime = context.RequestServices.GetService<IContainerRuntime>()
            ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "this daemon runs no Service controller, so there are no container logs");
        var container = PodmanNames.Container(ns, name);
        if (await runtime.InspectContainerAsync(container, context.RequestAborted) is null)
        {
            throw ApiException.NotFound($"service \"{ns}/{name}\" has no container yet");
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await foreach (var line in runtime.StreamLogsAsync(container, follow, tailLines, context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", Encoding.UTF8, context.RequestAborted);
                if (follow)
                {
                    // A follower wants each line as it happens, not when a buffer fills.
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer.
        }
    }

    private static int? TailLines(string? value)
    {
        if (value is null)
        {
            return null;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var lines)
            ? lines
            : throw ApiException.BadRequest($"tailLines: \"{value}\" must be a non-negative integer");
    }
}
