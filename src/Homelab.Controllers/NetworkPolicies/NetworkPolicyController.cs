using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Nftables.Firewall;
using Homelab.Operator;
using Microsoft.Extensions.Logging;

namespace Homelab.Controllers.NetworkPolicies;

/// <summary>
/// Keeps the one nft table in step with every Service, Namespace and NetworkPolicy. All changes collapse into one key, and
/// each reconcile builds the whole desired state (compiled again only when the firewall's inputs changed) and loads it
/// atomically when it differs from what was loaded, or, on a resync, from the live table (someone flushed or edited it).
/// Each policy's Ready condition then names the generation the loaded table enforces.
/// </summary>
public sealed partial class NetworkPolicyController(
    IResourceClient client,
    FirewallModelSource source,
    IFirewall firewall,
    TimeProvider time,
    ILogger<NetworkPolicyController> logger) : IAggregateController
{
    public async Task<ReconcileResult> ReconcileAllAsync(bool resync, CancellationToken cancellationToken)
    {
        var snapshot = source.Build();
        FirewallLoadResult result;
        try
        {
            // A change of inputs that compiles to the same text needs no nft call; a resync also checks the live tables.
            result = await firewall.ApplyAsync(snapshot.Ruleset, verifyLive: resync, cancellationToken).ConfigureAwait(false);
        }
        catch (NftException e)
        {
            LogLoadFailed(logger, e.Message);
            await WriteStatusesAsync(snapshot, e.Message, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Failure(NetworkPolicyReasons.LoadFailed, e.Message);
        }
        if (result != FirewallLoadResult.Unchanged)
        {
            LogLoaded(logger, result, snapshot.Model.Services.Count, snapshot.Policies.Count);
        }
        await WriteStatusesAsync(snapshot, null, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Success;
    }

    private async Task WriteStatusesAsync(FirewallSnapshot snapshot, string? loadError, CancellationToken cancellationToken)
    {
        var diagnostics = snapshot.Model.Diagnostics.ToLookup(d => d.Policy.ToString(), StringComparer.Ordinal);
        foreach (var policy in snapshot.Policies)
        {
            if (policy.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            var problems = diagnostics[$"{policy.Namespace}/{policy.Name}"].ToList();
            var selected = snapshot.Model.SelectedBy(new(policy.Namespace, policy.Name))?.Count ?? 0;
            var (status, reason, message) = loadError is not null
                ? (ConditionStatus.False, NetworkPolicyReasons.LoadFailed, $"nft could not load the rules: {loadError}")
                : problems.Count > 0
                    ? (ConditionStatus.False, NetworkPolicyReasons.InvalidPolicy, $"left out (allowing less): {string.Join("; ", problems)}")
                    : (ConditionStatus.True, NetworkPolicyReasons.Enforced, $"enforced for {selected} Service(s)");
            var before = StatusWrites.Snapshot(policy);
            policy.Status ??= new ResourceStatus();
            policy.Status.SetCondition(ConditionTypes.Ready, status, reason, message, policy.Generation, time.GetUtcNow());
            if (loadError is null)
            {
                policy.Status.ObservedGeneration = policy.Generation;
            }
            await client.UpdateStatusIfChangedAsync(policy, before, cancellationToken).ConfigureAwait(false);
            if (loadError is not null)
            {
                // Every retry adds to the event's count, so `hlctl events` shows how long the firewall has been stuck.
                client.RecordEvent(policy, EventTypes.Warning, reason, message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Firewall {Result} for {Services} Services and {Policies} NetworkPolicies")]
    private static partial void LogLoaded(ILogger logger, FirewallLoadResult result, int services, int policies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the firewall: {Error}")]
    private static partial void LogLoadFailed(ILogger logger, string error);
}
