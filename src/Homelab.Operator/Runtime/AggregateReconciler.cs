using Homelab.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Homelab.Operator.Runtime;

/// <summary>Runs an <see cref="IAggregateController"/>: its one key means "reconcile the whole desired state".</summary>
internal sealed class AggregateReconciler<TController>(IServiceProvider services, ControllerOptions options, ILogger logger) : IReconciler
    where TController : IAggregateController
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, bool resync, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var controller = scope.ServiceProvider.GetRequiredService<TController>();
        ReconcileResult result;
        try
        {
            result = await controller.ReconcileAllAsync(resync, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.AggregateReconcileThrew(e, options.Name);
            result = ReconcileResult.Failure(FailureReasons.ReconcileError, e.Message);
        }
        if (!result.IsSuccess)
        {
            logger.AggregateReconcileFailed(options.Name, result.FailureReason, result.FailureMessage, result.IsTerminal);
        }
        return result;
    }
}
