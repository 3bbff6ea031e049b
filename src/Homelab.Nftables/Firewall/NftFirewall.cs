using System.Diagnostics;
using System.Text;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.Logging;

namespace Homelab.Nftables.Firewall;

/// <summary>
/// Loads Homelab's tables with the nft CLI. A load is one transaction that creates each table if missing, deletes it and
/// defines it anew, so the kernel switches from the old rules to the new ones at once and never runs without them.
/// </summary>
internal sealed partial class NftFirewall(INftCommand nft, ILogger<NftFirewall> logger, NftMetrics? metrics = null) : IFirewall
{
    private static readonly string[] Families = ["inet", "arp"];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _loadedText;
    private string? _loadedFingerprint;

    public async Task<FirewallLoadResult> ApplyAsync(NftRuleset ruleset, bool verifyLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var loaded = false;
        try
        {
            if (ruleset.Text == _loadedText
                && (!verifyLive || await FingerprintAsync(ruleset.TableName, cancellationToken).ConfigureAwait(false) == _loadedFingerprint))
            {
                metrics?.Applied("unchanged");
                return FirewallLoadResult.Unchanged;
            }
            if (_loadedText is not null && ruleset.Text == _loadedText)
            {
                LogDrift(logger, ruleset.TableName);
            }
            var script = Transaction(ruleset);
            var started = Stopwatch.GetTimestamp();
            await RunAsync(["-c", "-f", "-"], script, "check", cancellationToken).ConfigureAwait(false);
            // From here the kernel may hold the new tables: forget the old state first, so a failure below means "load again".
            _loadedText = null;
            _loadedFingerprint = null;
            await RunAsync(["-f", "-"], script, "load", cancellationToken).ConfigureAwait(false);
            _loadedFingerprint = await FingerprintAsync(ruleset.TableName, cancellationToken).ConfigureAwait(false);
            _loadedText = ruleset.Text;
            LogLoaded(logger, ruleset.TableName, script.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            loaded = true;
            metrics?.Applied("loaded");
            return FirewallLoadResult.Loaded;
        }
        catch when (!loaded && !cancellationToken.IsCancellationRequested)
        {
            metrics?.Applied("failed");
            throw;
        }
        finally
        {
            _gate.Release();
        }
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
            _loadedText = null;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "nft tables {Table} were changed outside Homelab; loading them again")]
    private static partial void LogDrift(ILogger logger, string table);
}
