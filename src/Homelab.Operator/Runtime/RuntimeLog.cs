using Microsoft.Extensions.Logging;

namespace Homelab.Operator.Runtime;

/// <summary>
/// The controller runtime's log messages, source-generated: they are written for every reconcile, retry and watch of
/// every controller, so neither the message template is parsed nor its arguments boxed while the level is off.
/// </summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Starting controller {Controller} with {Workers} workers")]
    public static partial void ControllerStarting(this ILogger logger, string controller, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped controller {Controller}")]
    public static partial void ControllerStopped(this ILogger logger, string controller);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Controller {Controller} stopped unexpectedly")]
    public static partial void ControllerCrashed(this ILogger logger, Exception exception, string controller);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: external watch {Watch} ended; opening it again")]
    public static partial void ExternalWatchEnded(this ILogger logger, string controller, string watch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller}: external watch {Watch} failed; opening it again")]
    public static partial void ExternalWatchFailed(this ILogger logger, Exception exception, string controller, string watch);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled {Kind} {Namespace}/{Name} in {Elapsed}")]
    public static partial void Reconciled(this ILogger logger, string kind, string @namespace, string name, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Controller} could not process {Kind} {Namespace}/{Name}; retrying in {Delay}")]
    public static partial void ProcessFailed(this ILogger logger, Exception exception, string controller, string kind, string @namespace, string name, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying {Kind} {Namespace}/{Name} in {Delay}")]
    public static partial void Retrying(this ILogger logger, string kind, string @namespace, string name, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Controller}: the mapper for {Kind} failed on {Namespace}/{Name}")]
    public static partial void MapperFailed(this ILogger logger, Exception exception, string controller, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resync of {Controller} failed")]
    public static partial void ResyncFailed(this ILogger logger, Exception exception, string controller);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} {Namespace}/{Name} is gone; nothing to do")]
    public static partial void ObjectGone(this ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Controller} threw while reconciling {Kind} {Namespace}/{Name}")]
    public static partial void ReconcileThrew(this ILogger logger, Exception exception, string controller, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Controller} threw while reconciling")]
    public static partial void AggregateReconcileThrew(this ILogger logger, Exception exception, string controller);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Added finalizer {Finalizer} to {Kind} {Namespace}/{Name}")]
    public static partial void FinalizerAdded(this ILogger logger, string finalizer, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finalized {Kind} {Namespace}/{Name}")]
    public static partial void Finalized(this ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller} failed on {Kind} {Namespace}/{Name}: {Reason}: {Message} (terminal: {Terminal})")]
    public static partial void ReconcileFailed(this ILogger logger, string controller, string kind, string @namespace, string name, string? reason, string? message, bool terminal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Controller} failed: {Reason}: {Message} (terminal: {Terminal})")]
    public static partial void AggregateReconcileFailed(this ILogger logger, string controller, string? reason, string? message, bool terminal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failure on {Kind} {Namespace}/{Name}: {Error}")]
    public static partial void FailureNotRecorded(this ILogger logger, string kind, string @namespace, string name, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} from revision {Revision} is gone; listing again")]
    public static partial void WatchCompacted(this ILogger logger, string kind, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} ended at revision {Revision}; listing again")]
    public static partial void WatchEnded(this ILogger logger, string kind, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} failed at revision {Revision}; listing again")]
    public static partial void WatchFailed(this ILogger logger, Exception exception, string kind, long revision);
}
