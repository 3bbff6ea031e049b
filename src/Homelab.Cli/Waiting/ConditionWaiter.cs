using System.Text.Json.Nodes;
using Homelab.Api.Printing;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Client;

namespace Homelab.Cli.Waiting;

/// <summary>Waits on a watch, not a polling loop: read the object once, then follow its changes from that revision.</summary>
internal static class ConditionWaiter
{
    /// <summary>How often a watch the server closed is re-established before giving up; the deadline usually ends it first.</summary>
    private const int MaxWatchRestarts = 100;

    /// <summary>
    /// True when met; false when <paramref name="ct"/> (the timeout) fired first. A missing object is an error unless
    /// waiting for delete, and so is a condition the controller says will not come (<see cref="WaitCondition.Unreachable"/>).
    /// </summary>
    public static async Task<bool> WaitAsync(HomelabClient client, KindInfo kind, string? ns, string name, WaitCondition condition, CancellationToken ct)
    {
        try
        {
            for (var attempt = 0; attempt < MaxWatchRestarts; attempt++)
            {
                var current = condition.Delete
                    ? await client.TryGetAsync(ApiPaths.For(kind, ns, name), ct).ConfigureAwait(false)
                    : await client.GetAsync(ApiPaths.For(kind, ns, name), ct).ConfigureAwait(false);
                if (Decided(condition, current, kind, name))
                {
                    return true;
                }
                var from = JsonText.String(current?["metadata"]?["resourceVersion"]) ?? "0";
                try
                {
                    await foreach (var change in client.WatchAsync(kind, ns, from, null, ct).ConfigureAwait(false))
                    {
                        if (change.Type == ApiWatchEvent.Bookmark || JsonText.Name(change.Object) != name)
                        {
                            continue;
                        }
                        if (Decided(condition, change.Type == ApiWatchEvent.Deleted ? null : change.Object, kind, name))
                        {
                            return true;
                        }
                    }
                }
                catch (ApiException e) when (e.Reason == StatusReasons.Gone)
                {
                    // The revision was compacted under us: read afresh and watch again, like a reflector relisting.
                }
            }
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool Decided(WaitCondition condition, JsonObject? obj, KindInfo kind, string name) =>
        condition.IsMet(obj) || (condition.Unreachable(obj) is { } why ? throw new CliException($"{kind.Singular}/{name} will not become Ready: {why}") : false);
}
