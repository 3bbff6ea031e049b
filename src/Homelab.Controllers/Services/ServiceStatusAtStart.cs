using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Operator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Homelab.Controllers.Services;

/// <summary>
/// A Service's status in the store is what the controller saw before homelabd (or the host) stopped: it is not served as
/// current. Before the Service controller starts, every Service's Ready and Available become Unknown until its first
/// observation, which the controller's initial list brings within seconds. Registered before the controller, so it
/// finishes before the controller's first write (hosted services start in order, and this one is not a background one).
/// </summary>
internal sealed partial class ServiceStatusAtStart(IResourceClient client, TimeProvider time, ILogger<ServiceStatusAtStart> logger) : IHostedService
{
    public const string Reason = "NotObservedYet";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var marked = 0;
        foreach (var service in client.List<Service>())
        {
            if (service.Status is not { } status || service.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            var before = StatusWrites.Snapshot(service);
            const string message = "homelabd started; its first look at the container is pending";
            foreach (var type in (string[])[ConditionTypes.Ready, ConditionTypes.Available])
            {
                if (status.GetCondition(type) is { } condition)
                {
                    status.SetCondition(type, ConditionStatus.Unknown, Reason, message, condition.ObservedGeneration, now);
                }
            }
            if (await client.UpdateStatusIfChangedAsync(service, before, cancellationToken).ConfigureAwait(false))
            {
                marked++;
            }
        }
        LogMarked(logger, marked);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Marked the status of {Count} Service(s) Unknown until the controller's first look")]
    private static partial void LogMarked(ILogger logger, int count);
}
