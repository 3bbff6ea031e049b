namespace Homelab.Operator.Runtime;

/// <summary>
/// One controller added with <c>AddController</c>: its type (which also names its options), the kind it owns (null for an
/// aggregate controller) and how to build its reconciler.
/// </summary>
internal sealed record ControllerRegistration(
    Type ControllerType,
    string? PrimaryKind,
    Func<IServiceProvider, ControllerOptions, OwnWriter, IReconciler> CreateReconciler)
{
    public string OptionsName => ControllerType.FullName!;
}
