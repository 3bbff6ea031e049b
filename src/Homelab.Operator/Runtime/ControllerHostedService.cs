using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Homelab.Operator.Runtime;

/// <summary>
/// Runs one controller in the daemon. Generic so that each controller is its own hosted service: the server can start
/// any subset, and adding the same controller twice registers it once.
/// </summary>
internal sealed class ControllerHostedService<TController>(
    IEnumerable<ControllerRegistration> registrations,
    ControllerRunnerFactory factory,
    ILogger<ControllerHostedService<TController>> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registration = registrations.First(r => r.ControllerType == typeof(TController));
        try
        {
            using var runner = factory.Create(registration);
            await runner.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A BackgroundService that throws stops the whole host; one broken controller must not take the daemon down.
            logger.ControllerCrashed(e, typeof(TController).Name);
        }
    }
}
