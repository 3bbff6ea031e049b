using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Homelab.Operator.Runtime;

/// <summary>
/// One reconcile of one object by an <see cref="IController{T}"/>: read the object now (level-triggered), make sure it
/// carries our finalizer, then either finalize it or reconcile it. A failure, returned or thrown, becomes Ready=False
/// and a Warning event, so no failure is silent.
/// </summary>
internal sealed class ObjectReconciler<TController, TResource>(
    IServiceProvider services,
    IResourceStore store,
    ControllerOptions options,
    TimeProvider time,
    ILogger logger) : IReconciler
    where TController : IController<TResource>
    where TResource : Resource
{
    /// <summary>Told of the framework's own finalizer writes so they do not come back as changes.</summary>
    public OwnWriter OwnWrite { get; set; } = commit => commit();

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, bool resync, CancellationToken cancellationToken)
    {
        var stored = store.Get(key);
        if (stored is null)
        {
            logger.ObjectGone(key.Kind, key.Namespace, key.Name);
            return ReconcileResult.Success;
        }
        var resource = stored.ToResource<TResource>();
        var finalizer = options.UseFinalizer ? options.EffectiveFinalizer : null;
        var deleting = resource.Metadata.DeletionTimestamp is not null;
        var hasFinalizer = finalizer is not null && (resource.Metadata.Finalizers?.Contains(finalizer) ?? false);

        if (deleting && !hasFinalizer)
        {
            // Not ours to finalize (no finalizer of ours, or already removed): the store deletes it when the rest are gone.
            return ReconcileResult.Success;
        }
        if (finalizer is not null && !deleting && !hasFinalizer)
        {
            var updated = AddFinalizer(key, finalizer);
            if (updated is null)
            {
                return ReconcileResult.Success;
            }
            resource = updated;
            deleting = resource.Metadata.DeletionTimestamp is not null;
        }

        await using var scope = services.CreateAsyncScope();
        var controller = scope.ServiceProvider.GetRequiredService<TController>();
        ReconcileResult result;
        try
        {
            result = deleting
                ? await controller.FinalizeAsync(resource, cancellationToken).ConfigureAwait(false)
                : await controller.ReconcileAsync(resource, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.ReconcileThrew(e, options.Name, key.Kind, key.Namespace, key.Name);
            result = ReconcileResult.Failure(deleting ? FailureReasons.FinalizeError : FailureReasons.ReconcileError, e.Message);
        }

        if (!result.IsSuccess)
        {
            ReportFailure(resource, result);
            return result;
        }
        if (deleting && result.RequeueAfter is null)
        {
            // A commit step that must not be cancelled: the cleanup is done, and only this write records that.
            RemoveFinalizer(key, finalizer!);
        }
        return result;
    }

    private TResource? AddFinalizer(ObjectKey key, string finalizer)
    {
        try
        {
            var written = OwnWrite(() => store.AddFinalizer(key, finalizer));
            logger.FinalizerAdded(finalizer, key.Kind, key.Namespace, key.Name);
            return written.Object.ToResource<TResource>();
        }
        catch (StoreException e) when (e.Code == 404)
        {
            return null;
        }
    }

    private void RemoveFinalizer(ObjectKey key, string finalizer)
    {
        try
        {
            OwnWrite(() => store.RemoveFinalizer(key, finalizer));
            logger.Finalized(key.Kind, key.Namespace, key.Name);
        }
        catch (StoreException e) when (e.Code == 404)
        {
            // Someone else removed it already; the goal is reached.
        }
    }

    private void ReportFailure(TResource resource, ReconcileResult result)
    {
        var key = ResourceKeys.Of(resource);
        var reason = result.FailureReason!;
        var message = result.FailureMessage ?? "";
        logger.ReconcileFailed(options.Name, key.Kind, key.Namespace, key.Name, reason, message, result.IsTerminal);
        try
        {
            var now = time.GetUtcNow();
            store.PatchStatus(key, status =>
                StatusConditions.Set(status, ConditionTypes.Ready, ConditionStatus.False, reason, message, resource.Generation, now));
            store.RecordEvent(key, EventTypes.Warning, reason, message, options.Name);
        }
        catch (StoreException e)
        {
            // The object may be gone or its status refused; the log above still says what failed.
            logger.FailureNotRecorded(key.Kind, key.Namespace, key.Name, e.Message);
        }
    }
}
