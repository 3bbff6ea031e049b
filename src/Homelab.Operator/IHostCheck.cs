using Homelab.Api.Protocol;

namespace Homelab.Operator;

/// <summary>
/// What a controller needs from its host, checked before homelabd starts (a daemon that cannot work says so at once,
/// not minutes later in a Service's status), by <c>homelabd check</c>, and on <c>/readyz</c>. Register one with
/// <see cref="HostCheckServiceCollectionExtensions.AddHostCheck{T}"/> where the controller is added, so only the
/// selected controllers' needs are checked.
/// </summary>
public interface IHostCheck
{
    /// <summary>One result per thing checked; a check that cannot run at all reports that as a failure, it does not throw.</summary>
    Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken);
}
