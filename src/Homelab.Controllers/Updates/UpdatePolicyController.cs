using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Operator;
using Homelab.Api.Values;
using Homelab.Controllers.Images;
using Homelab.Podman;
using Homelab.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Updates;

/// <summary>
/// UpdatePolicy → registry → Service.spec.image. Each reconcile: judges updates in flight (health gate, rollback),
/// checks the registry when due, and in apply mode writes new images inside the maintenance window, at most
/// maxParallel at a time. Everything it needs to continue lives in the policy's status, so a restart loses nothing.
/// </summary>
internal sealed partial class UpdatePolicyController(
    IResourceClient client,
    IRegistry registry,
    IImageStore images,
    ImagePruner pruner,
    ImageVerifier verifier,
    TimeProvider time,
    IOptions<UpdatePolicyOptions> options,
    ILogger<UpdatePolicyController> logger) : IController<UpdatePolicy>
{
    private readonly UpdatePolicyOptions _options = options.Value;

    public async Task<ReconcileResult> ReconcileAsync(UpdatePolicy policy, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("UpdatePolicy {Namespace}/{Name}", policy.Namespace, policy.Name);
        var now = time.GetUtcNow();
        // Service status changes wake every policy selecting the Service; most of those reconciles change nothing.
        var before = StatusWrites.Snapshot(policy);
        var status = policy.Status ??= new UpdatePolicyStatus();
        if (!UpdatePolicySettings.TryParse(policy.Spec, _options, out var settings, out var error))
        {
            status.SetCondition(ConditionTypes.Ready, ConditionStatus.False, UpdateConditionReasons.InvalidSpec, error, policy.Generation, now);
            status.ObservedGeneration = policy.Generation;
            await client.UpdateStatusIfChangedAsync(policy, before, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Failure(UpdateConditionReasons.InvalidSpec, error, terminal: true);
        }

        // Admission refuses a policy without a selector; were one stored anyway, it selects nothing, as in Kubernetes.
        var services = policy.Spec.ServiceSelector is { } selector ? client.List<Service>(policy.Namespace, selector) : [];
        var entries = SyncEntries(status, services);
        var wakeUps = new List<DateTimeOffset>();

        foreach (var (service, entry) in entries)
        {
            if (entry.Pending is not null)
            {
                await ProgressAsync(policy, settings, service, entry, now, wakeUps, cancellationToken).ConfigureAwait(false);
            }
        }

        if (policy.Generation != status.ObservedGeneration && status.LastCheck is { } last)
        {
            status.NextCheck = settings.NextCheck(last);
        }
        var registryErrors = 0;
        if (IsDue(policy, status, now))
        {
            registryErrors = await CheckAsync(policy, settings, entries, now, cancellationToken).ConfigureAwait(false);
            status.LastCheck = now;
            var next = settings.NextCheck(now);
            var retry = now + RegistryRetryDelay(status, now);
            status.NextCheck = registryErrors > 0 && retry < next ? retry : next;
        }
        else
        {
            registryErrors = entries.Count(e => e.Entry.LastResult == UpdateResults.RegistryError);
        }

        if (settings.Mode == UpdateModes.Apply)
        {
            await ApplyAsync(policy, settings, entries, now, wakeUps, cancellationToken).ConfigureAwait(false);
        }

        if (registryErrors > 0)
        {
            var first = entries.First(e => e.Entry.LastResult == UpdateResults.RegistryError).Entry;
            status.SetCondition(ConditionTypes.Ready, ConditionStatus.False, UpdateConditionReasons.RegistryError,
                $"{registryErrors} of {entries.Count} Services could not be checked: {first.Message}", policy.Generation, now);
        }
        else
        {
            status.SetCondition(ConditionTypes.Ready, ConditionStatus.True, UpdateConditionReasons.Checked,
                $"{entries.Count} Services checked", policy.Generation, now);
        }
        status.ObservedGeneration = policy.Generation;
        await client.UpdateStatusIfChangedAsync(policy, before, cancellationToken).ConfigureAwait(false);

        if (status.NextCheck is { } nextCheck)
        {
            wakeUps.Add(nextCheck);
        }
        var wake = wakeUps.Min();
        return ReconcileResult.Requeue(wake > now ? wake - now : TimeSpan.FromSeconds(1));
    }

    public Task<ReconcileResult> FinalizeAsync(UpdatePolicy resource, CancellationToken cancellationToken) =>
        Task.FromResult(ReconcileResult.Success);

    /// <summary>
    /// Back-off for a registry that keeps failing: the next try waits as long as the checks have failed so far (the age
    /// of Ready=False RegistryError), so the delay doubles from <see cref="UpdatePolicyOptions.RegistryRetryDelay"/>.
    /// </summary>
    private TimeSpan RegistryRetryDelay(UpdatePolicyStatus status, DateTimeOffset now)
    {
        var ready = status.GetCondition(ConditionTypes.Ready);
        var failing = ready is { Status: ConditionStatus.False, Reason: UpdateConditionReasons.RegistryError } ? now - ready.LastTransitionTime : TimeSpan.Zero;
        return failing > _options.RegistryRetryDelay ? failing : _options.RegistryRetryDelay;
    }

    /// <summary>One status entry per selected Service, in name order; entries of Services no longer selected are dropped.</summary>
    private static List<(Service Service, ServiceUpdateStatus Entry)> SyncEntries(UpdatePolicyStatus status, IReadOnlyList<Service> services)
    {
        var existing = (status.Services ?? []).ToDictionary(e => e.Service, StringComparer.Ordinal);
        var result = new List<(Service, ServiceUpdateStatus)>();
        foreach (var service in services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var key = $"{service.Namespace}/{service.Name}";
            if (!existing.TryGetValue(key, out var entry))
            {
                entry = new ServiceUpdateStatus { Service = key };
            }
            entry.CurrentImage = service.Spec.Image;
            result.Add((service, entry));
        }
        status.Services = result.Select(r => r.Item2).ToList();
        return result;
    }

    private static bool IsDue(UpdatePolicy policy, UpdatePolicyStatus status, DateTimeOffset now)
    {
        if (status.LastCheck is not { } last || status.NextCheck is not { } next || now >= next)
        {
            return true;
        }
        var annotations = policy.Metadata.Annotations;
        return annotations is not null
            && annotations.TryGetValue(UpdateAnnotations.CheckNow, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var requested)
            && requested > last;
    }

    /// <summary>Asks the registry about every selected Service not in the middle of an update. Returns how many hit a registry error.</summary>
    private async Task<int> CheckAsync(UpdatePolicy policy, UpdatePolicySettings settings, List<(Service Service, ServiceUpdateStatus Entry)> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var finder = new UpdateFinder(new RegistryQueryCache(registry), images, settings, _options);
        var idle = entries.Where(e => e.Entry.Pending is null).ToList();
        var results = await Task.WhenAll(idle.Select(async e =>
        {
            try
            {
                return (e.Service, e.Entry, Candidate: await finder.FindAsync(e.Service, e.Entry.FailedDigests ?? [], cancellationToken).ConfigureAwait(false), Error: (RegistryException?)null);
            }
            catch (RegistryException ex)
            {
                return (e.Service, e.Entry, Candidate: (UpdateCandidate?)null, Error: ex);
            }
        })).ConfigureAwait(false);

        var errors = 0;
        foreach (var (service, entry, candidate, error) in results)
        {
            entry.LastCheck = now;
            if (error is not null)
            {
                errors++;
                entry.LastResult = UpdateResults.RegistryError;
                entry.Message = error.Message;
                LogCheckFailed(logger, entry.Service, error.Reason, error.Message);
                client.RecordEvent(policy, EventTypes.Warning, UpdateEventReasons.RegistryError, $"{entry.Service}: {error.Message}");
                continue;
            }
            var previous = entry.AvailableImage;
            entry.AvailableImage = candidate!.Image;
            entry.Message = candidate.Message;
            if (candidate.Image is null)
            {
                // A rollback stays the last word until something new happens.
                if (entry.LastResult is not (UpdateResults.RolledBack or UpdateResults.Failed))
                {
                    entry.LastResult = UpdateResults.UpToDate;
                }
                continue;
            }
            entry.LastResult = UpdateResults.UpdateAvailable;
            if (candidate.Image != previous)
            {
                var message = $"{service.Spec.Image} → {candidate.Image}";
                client.RecordEvent(policy, EventTypes.Normal, UpdateEventReasons.UpdateAvailable, $"{entry.Service}: {message}");
                client.RecordEvent(service, EventTypes.Normal, UpdateEventReasons.UpdateAvailable, message);
            }
        }
        LogChecked(logger, results.Length, results.Count(r => r.Candidate?.Image is not null), errors);
        return errors;
    }

    /// <summary>Writes available images into spec.image while the window is open and a parallel slot is free.</summary>
    private async Task ApplyAsync(UpdatePolicy policy, UpdatePolicySettings settings, List<(Service Service, ServiceUpdateStatus Entry)> entries, DateTimeOffset now, List<DateTimeOffset> wakeUps, CancellationToken cancellationToken)
    {
        var waiting = entries
            .Where(e => e.Entry.Pending is null && e.Entry.AvailableImage is { } image && image != e.Service.Spec.Image
                && e.Entry.LastResult is UpdateResults.UpdateAvailable or UpdateResults.OutsideWindow)
            .ToList();
        if (waiting.Count == 0)
        {
            return;
        }
        if (settings.Window is { } window && !window.IsOpen(now))
        {
            var opening = window.NextOpening(now);
            wakeUps.Add(opening);
            foreach (var (_, entry) in waiting)
            {
                entry.LastResult = UpdateResults.OutsideWindow;
                entry.Message = $"{entry.AvailableImage} waits for the maintenance window at {opening.ToString("u", CultureInfo.InvariantCulture)}";
            }
            return;
        }
        var slots = settings.MaxParallel - entries.Count(e => e.Entry.Pending is not null);
        foreach (var (service, entry) in waiting)
        {
            if (slots <= 0)
            {
                entry.LastResult = UpdateResults.UpdateAvailable;
                entry.Message = $"{entry.AvailableImage} waits for a free slot (maxParallel {settings.MaxParallel})";
                continue;
            }
            if (await StartUpdateAsync(service, entry, now, cancellationToken).ConfigureAwait(false))
            {
                slots--;
                wakeUps.Add(now + settings.HealthTimeout);
            }
        }
    }

    private async Task<bool> StartUpdateAsync(Service service, ServiceUpdateStatus entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = service.Spec.Image;
        var to = entry.AvailableImage!;
        var rollbackTo = RunningImage(service);
        // Where an ImagePolicy asks for signatures, the new digest is verified (and so pulled) before anything rolls.
        try
        {
            await verifier.VerifyAsync(service.Namespace, to, cancellationToken).ConfigureAwait(false);
        }
        catch (PodmanException e)
        {
            entry.LastResult = e.IsImageRejected ? UpdateResults.Rejected : UpdateResults.RegistryError;
            entry.Message = $"{to} {(e.IsImageRejected ? "was rejected" : "could not be pulled")}: {e.PodmanError}; {from} keeps running";
            entry.AvailableImage = null;
            client.RecordEvent(service, EventTypes.Warning, e.IsImageRejected ? UpdateEventReasons.ImageRejected : UpdateEventReasons.PullFailed, entry.Message);
            LogNotUpdating(logger, entry.Service, entry.Message);
            return false;
        }
        var updated = await WriteImageAsync(service, from, to, cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            entry.Message = $"spec.image changed while the update was being written; will check again";
            entry.AvailableImage = null;
            return false;
        }
        var digest = ImageReference.TryParse(to, out var target, out _) ? target.Digest ?? "" : "";
        // Pending.From is what a rollback writes back, so it names the digest that ran, not a tag that has moved since.
        entry.Pending = new PendingUpdate { From = rollbackTo, To = to, Digest = digest, StartedAt = now };
        entry.CurrentImage = to;
        entry.LastResult = UpdateResults.Updating;
        entry.Message = $"{from} → {to}; waiting for the health gate";
        client.RecordEvent(updated, EventTypes.Normal, UpdateEventReasons.Updating, $"{from} → {to}");
        LogUpdating(logger, entry.Service, from, to);
        return true;
    }

    /// <summary>
    /// spec.image pinned to the digest the Service controller reports running for this very spec: a tag-only image
    /// becomes repo:tag@digest. A rollback to the bare tag would run whatever the tag names by then, which, when the tag
    /// moved to the image that just failed, is that image again. Unchanged when it already has a digest or none is known.
    /// </summary>
    internal static string RunningImage(Service service)
    {
        var image = service.Spec.Image;
        if (!ImageReference.TryParse(image, out var reference, out _) || reference.Digest is not null
            || service.Status is not { ImageDigest: { } digest } status || status.ObservedGeneration != service.Generation)
        {
            return image;
        }
        // An implied :latest is spelled out, so the pinned image still has a tag to follow.
        var tagged = reference.Tag is null ? reference.WithTag(reference.EffectiveTag!) : reference;
        return ImageReference.TryParse($"{tagged}@{digest}", out var pinned, out _) ? pinned.ToString() : image;
    }

    /// <summary>Sets spec.image to <paramref name="to"/> only if it is still <paramref name="from"/>: a user's edit always wins.</summary>
    private async Task<Service?> WriteImageAsync(Service service, string from, string to, CancellationToken cancellationToken)
    {
        var written = false;
        var result = await client.PatchAsync<Service>(service.Namespace, service.Name, node =>
        {
            written = false;
            if (node["spec"] is JsonObject spec && spec["image"]?.GetValue<string>() == from)
            {
                spec["image"] = to;
                written = true;
            }
            return node;
        }, cancellationToken).ConfigureAwait(false);
        return written && result?.Spec.Image == to ? result : null;
    }

    private async Task ProgressAsync(UpdatePolicy policy, UpdatePolicySettings settings, Service service, ServiceUpdateStatus entry, DateTimeOffset now, List<DateTimeOffset> wakeUps, CancellationToken cancellationToken)
    {
        var pending = entry.Pending!;
        if (service.Spec.Image != pending.To)
        {
            var abandoned = $"spec.image was changed to {service.Spec.Image} during the update; the update is abandoned";
            Finish(entry, pending, now, UpdateResults.Failed, abandoned, abandoned);
            client.RecordEvent(service, EventTypes.Warning, UpdateEventReasons.UpdateFailed, entry.Message!);
            return;
        }
        var verdict = HealthGate.Evaluate(pending, service, now, _options.SettlePeriod, settings.HealthTimeout);
        switch (verdict.Kind)
        {
            case HealthVerdictKind.Waiting:
                entry.Message = $"{pending.From} → {pending.To}: {verdict.Message}";
                wakeUps.Add(verdict.RecheckAt!.Value);
                return;
            case HealthVerdictKind.Healthy:
                Finish(entry, pending, now, UpdateResults.Updated, $"{pending.From} → {pending.To}: {verdict.Message}", verdict.Message);
                entry.LastUpdate = now;
                entry.AvailableImage = null;
                client.RecordEvent(service, EventTypes.Normal, UpdateEventReasons.Updated, entry.Message!);
                client.RecordEvent(policy, EventTypes.Normal, UpdateEventReasons.Updated, $"{entry.Service}: {entry.Message}");
                LogUpdated(logger, entry.Service, pending.To);
                await PruneAsync(service, settings, pending, cancellationToken).ConfigureAwait(false);
                return;
            default:
                await FailAsync(policy, settings, service, entry, pending, verdict.Message, now, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private async Task FailAsync(UpdatePolicy policy, UpdatePolicySettings settings, Service service, ServiceUpdateStatus entry, PendingUpdate pending, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (pending.Digest.Length > 0)
        {
            var failed = entry.FailedDigests ??= [];
            if (!failed.Contains(pending.Digest))
            {
                failed.Add(pending.Digest);
            }
            if (failed.Count > _options.FailedDigestLimit)
            {
                failed.RemoveRange(0, failed.Count - _options.FailedDigestLimit);
            }
        }
        entry.AvailableImage = null;
        if (settings.Rollback && await WriteImageAsync(service, pending.To, pending.From, cancellationToken).ConfigureAwait(false) is not null)
        {
            Finish(entry, pending, now, UpdateResults.RolledBack, $"{pending.To} failed the health gate ({reason}); rolled back to {pending.From}", reason);
            entry.CurrentImage = pending.From;
            client.RecordEvent(service, EventTypes.Warning, UpdateEventReasons.UpdateRolledBack, entry.Message!);
            client.RecordEvent(policy, EventTypes.Warning, UpdateEventReasons.UpdateRolledBack, $"{entry.Service}: {entry.Message}");
            LogRolledBack(logger, entry.Service, pending.To, pending.From, reason);
            return;
        }
        Finish(entry, pending, now, UpdateResults.Failed, $"{pending.To} failed the health gate ({reason}){(settings.Rollback ? "; spec.image changed meanwhile, not rolled back" : "; rollback is off")}", reason);
        client.RecordEvent(service, EventTypes.Warning, UpdateEventReasons.UpdateFailed, entry.Message!);
        client.RecordEvent(policy, EventTypes.Warning, UpdateEventReasons.UpdateFailed, $"{entry.Service}: {entry.Message}");
        LogUpdateFailed(logger, entry.Service, pending.To, reason);
    }

    private void Finish(ServiceUpdateStatus entry, PendingUpdate pending, DateTimeOffset now, string result, string message, string reason)
    {
        entry.Pending = null;
        entry.LastResult = result;
        entry.Message = message;
        var history = entry.History ??= [];
        history.Add(new UpdateOutcome { Time = now, From = pending.From, To = pending.To, Result = result, Message = message, Reason = reason });
        if (history.Count > _options.HistoryLimit)
        {
            history.RemoveRange(0, history.Count - _options.HistoryLimit);
        }
    }

    private async Task PruneAsync(Service service, UpdatePolicySettings settings, PendingUpdate pending, CancellationToken cancellationToken)
    {
        if (settings.KeepImages is not { } keep || !ImageReference.TryParse(pending.To, out var image, out _))
        {
            return;
        }
        var removed = await pruner.PruneAsync(image.Name, keep, pending.Digest, cancellationToken).ConfigureAwait(false);
        if (removed.Count > 0)
        {
            client.RecordEvent(service, EventTypes.Normal, UpdateEventReasons.ImagePruned, $"removed {removed.Count} old images: {string.Join(", ", removed)}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check {Service}: {Reason} {Message}")]
    private static partial void LogCheckFailed(ILogger logger, string service, string reason, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checked {Count} Services, {Available} with updates, {Errors} registry errors")]
    private static partial void LogChecked(ILogger logger, int count, int available, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not updating {Service}: {Message}")]
    private static partial void LogNotUpdating(ILogger logger, string service, string? message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updating {Service} from {From} to {To}")]
    private static partial void LogUpdating(ILogger logger, string service, string from, string to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated {Service} to {To}")]
    private static partial void LogUpdated(ILogger logger, string service, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolled back {Service} from {To} to {From}: {Reason}")]
    private static partial void LogRolledBack(ILogger logger, string service, string to, string from, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update of {Service} to {To} failed: {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, string service, string to, string reason);
}
