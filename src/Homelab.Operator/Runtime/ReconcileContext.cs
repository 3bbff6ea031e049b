namespace Homelab.Operator.Runtime;

/// <summary>
/// The controller on whose behalf the current async flow runs. The framework sets it around each reconcile so the one
/// shared <see cref="ResourceClient"/> can name the right source on events without the controller passing it.
/// </summary>
internal static class ReconcileContext
{
    private static readonly AsyncLocal<string?> CurrentName = new();

    public static string? Controller => CurrentName.Value;

    public static IDisposable Enter(string controller)
    {
        var previous = CurrentName.Value;
        CurrentName.Value = controller;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => CurrentName.Value = previous;
    }
}
