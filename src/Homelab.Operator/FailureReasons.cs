namespace Homelab.Operator;

/// <summary>Reasons the framework itself writes into Ready=False.</summary>
public static class FailureReasons
{
    /// <summary>The controller threw instead of returning a result.</summary>
    public const string ReconcileError = "ReconcileError";

    /// <summary>The controller threw from its finalizer step.</summary>
    public const string FinalizeError = "FinalizeError";
}
