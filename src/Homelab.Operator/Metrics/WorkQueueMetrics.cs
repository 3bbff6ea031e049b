namespace Homelab.Operator.Metrics;

/// <summary>The callbacks one controller's work queue reports through; <see cref="None"/> for a queue nobody measures.</summary>
internal sealed class WorkQueueMetrics(ControllerMetrics? metrics, string controller)
{
    public static readonly WorkQueueMetrics None = new(null, "");

    public void Added() => metrics?.Added(controller);

    public void Retried() => metrics?.Retried(controller);

    public void Waited(TimeSpan waited) => metrics?.Waited(controller, waited);

    public void Worked(TimeSpan worked) => metrics?.Worked(controller, worked);
}
