using System.Diagnostics;
using System.Text;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.Logging;

namespace Homelab.Nftables.Firewall;

/// <summary>
/// Keeps Homelab's tables in the kernel with nft, the library or the program (<see cref="INftCommand"/>; ADR 0160). A change to what was loaded is a patch of set elements
/// and rule-line chains (<see cref="NftPatch"/>); the first load, a change a patch cannot make, a failed patch and tables
/// changed outside Homelab (seen by the live fingerprint on a resync) get a full load, which in one transaction creates each
/// table if missing, deletes it and defines it anew. Either way the kernel switches at once and never runs without rules.
/// </summary>
internal sealed partial class NftFirewall(INftCommand nft, ILogger<NftFirewall> logger, NftMetrics? metrics = null) : IFirewall
{
    private static readonly string[] Families = ["inet", "arp"];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NftRuleset? _loaded;
    private string? _loadedFingerprint;

    public async Task<FirewallLoadResult> ApplyAsync(NftRuleset ruleset, bool verifyLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var fingerprinting = false;
        try
        {
            var patch = _loaded is null ? null : NftPatch.Between(_loaded, ruleset);
            var intact = _loaded is null || !verifyLive || await FingerprintAsync(ruleset.TableName, cancellationToken).ConfigureAwait(false) == _loadedFingerprint;
            if (patch == "" && intact)
            {
                metrics?.Applied("unchanged");
                return FirewallLoadResult.Unchanged;
            }
            if (!intact)
            {
                LogDrift(logger, ruleset.TableName);
            }
            var started = Stopwatch.GetTimestamp();
            // From here the kernel may hold other tables: forget the old state first, so a failure below means "load in full".
            var previous = _loaded;
            _loaded = null;
            _loadedFingerprint = null;
            FirewallLoadResult result;
            if (intact && patch is not null && await TryPatchAsync(previous!, patch, cancellationToken).ConfigureAwait(false))
            {
                result = FirewallLoadResult.Updated;
                LogUpdated(logger, ruleset.TableName, patch.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                await RunAsync(["-f", "-"], Transaction(ruleset), "load", cancellationToken).ConfigureAwait(false);
                result = FirewallLoadResult.Loaded;
                LogLoaded(logger, ruleset.TableName, ruleset.Text.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            metrics?.Applied(result == FirewallLoadResult.Updated ? "updated" : "loaded");
            // The kernel enforces the new tables now. Their fingerprint, which only the next resync compares, is read with the
            // gate still held, so no other change starts before it is known; the caller need not wait for it.
            fingerprinting = true;
            _ = FingerprintLoadedAsync(ruleset);
            return result;
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            metrics?.Applied("failed");
            throw;
        }
        finally
        {
            if (!fingerprinting)
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Records what was loaded and its live fingerprint, then opens the gate; on failure the next change loads in full.</summary>
    private async Task FingerprintLoadedAsync(NftRuleset ruleset)
    {
        try
        {
            _loadedFingerprint = await FingerprintAsync(ruleset.TableName, CancellationToken.None).ConfigureAwait(false);
            _loaded = ruleset;
        }
        catch (Exception e) when (e is NftException or System.Text.Json.JsonException or ObjectDisposedException)
        {
            LogFingerprintFailed(logger, ruleset.TableName, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs a patch; false when nft refuses it (the transaction then changed nothing), so the caller loads in full: a patch
    /// is an optimisation, never the only way to the right tables.
    /// </summary>
    private async Task<bool> TryPatchAsync(NftRuleset loaded, string patch, CancellationToken cancellationToken)
    {
        var result = await nft.RunAsync(["-f", "-"], patch, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return true;
        }
        LogPatchRefused(logger, loaded.TableName, result.StandardError.Trim());
        return false;
    }

    public async Task<string> ProbeAsync(NftRuleset ruleset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        var version = await nft.RunAsync(["--version"], null, cancellationToken).ConfigureAwait(false);
        if (version.ExitCode != 0)
        {
            throw new NftException($"nft --version failed (exit {version.ExitCode}): {version.StandardError.Trim()}");
        }
        await RunAsync(["-c", "-f", "-"], Transaction(ruleset), "check", cancellationToken).ConfigureAwait(false);
        return version.StandardOutput.Trim();
    }

    public async Task RemoveAsync(string tableName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var script = new StringBuilder();
            foreach (var family in Families)
            {
                // "table x {}" first makes the delete succeed whether or not the table exists.
                script.Append($"table {family} {tableName} {{}}\ndelete table {family} {tableName}\n");
            }
            await RunAsync(["-f", "-"], script.ToString(), "remove", cancellationToken).ConfigureAwait(false);
            _loaded = null;
            _loadedFingerprint = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static string Transaction(NftRuleset ruleset)
    {
        var script = new StringBuilder();
        foreach (var (family, table) in new[] { ("inet", ruleset.InetTable), ("arp", ruleset.ArpTable) })
        {
            script.Append($"table {family} {ruleset.TableName} {{}}\ndelete table {family} {ruleset.TableName}\n").Append(table);
        }
        return script.ToString();
    }

    private async Task<string> FingerprintAsync(string tableName, CancellationToken cancellationToken)
    {
        var parts = new StringBuilder();
        foreach (var family in Families)
        {
            var result = await nft.RunAsync(["-j", "list", "table", family, tableName], null, cancellationToken).ConfigureAwait(false);
            // A missing table lists as an error: that is a fingerprint too, one that never matches a loaded table.
            parts.Append(family).Append(':').Append(result.ExitCode == 0 ? LiveFingerprint.Of(result.StandardOutput) : "missing").Append(';');
        }
        return parts.ToString();
    }

    private async Task RunAsync(string[] arguments, string script, string step, CancellationToken cancellationToken)
    {
        var result = await nft.RunAsync(arguments, script, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new NftException($"nft {step} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded nft tables {Table} ({Bytes} bytes) in {ElapsedMs:F1} ms")]
    private static partial void LogLoaded(ILogger logger, string table, int bytes, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Updated nft tables {Table} in place ({Bytes} bytes of commands) in {ElapsedMs:F1} ms")]
    private static partial void LogUpdated(ILogger logger, string table, int bytes, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read back nft tables {Table} after loading them; the next change loads them in full: {Error}")]
    private static partial void LogFingerprintFailed(ILogger logger, string table, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "nft refused the update of tables {Table}; loading them in full: {Error}")]
    private static partial void LogPatchRefused(ILogger logger, string table, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "nft tables {Table} were changed outside Homelab; loading them again")]
    private static partial void LogDrift(ILogger logger, string table);
}
