using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Homelab.Acme;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Operator;
using Homelab.Proxy;
using Homelab.Proxy.Compilation;
using Microsoft.Extensions.Logging;

namespace Homelab.Controllers.Routes;

/// <summary>
/// Keeps the proxy serving every Route: internal Issuers' CAs made, ACME Issuers' accounts registered, certificates
/// issued and renewed (an ACME order once the proxy serves, its HTTP-01 answers loaded for the order), the proxy's Service
/// in the store, the Routes compiled to one config and loaded through the proxy's admin socket only when the proxy holds
/// something else (on a resync it is asked; otherwise the last load is trusted), so a restarted or edited proxy is
/// repaired within one resync. A config the proxy refuses leaves its old one serving, and the Routes say why.
/// </summary>
internal sealed partial class RouteController(
    IResourceClient client,
    ProxyDeployment proxy,
    IProxyAdmin admin,
    InternalCertificateAuthority authority,
    AcmeAccounts acmeAccounts,
    RouteCertificates certificates,
    RouteCertificateFiles certificateFiles,
    TimeProvider time,
    ILogger<RouteController> logger) : IAggregateController
{
    /// <summary>How soon to look again while the proxy is starting.</summary>
    private static readonly TimeSpan ProxyWait = TimeSpan.FromSeconds(2);

    private JsonObject? _loaded;

    public async Task<ReconcileResult> ReconcileAllAsync(bool resync, CancellationToken cancellationToken)
    {
        var issuers = await EnsureIssuersAsync(client.List<Issuer>().Where(i => i.Metadata.DeletionTimestamp is null).ToList(), cancellationToken).ConfigureAwait(false);
        var routes = client.List<Route>().Where(r => r.Metadata.DeletionTimestamp is null).ToList();
        var services = client.List<Service>();
        var ports = new ProxyPorts(ProxyOptions.ContainerHttpPort, ProxyOptions.ContainerHttpsPort, proxy.Options.HttpPort, proxy.Options.HttpsPort);
        // Which Routes are accepted does not depend on certificates: a Conflicted Route gets none.
        var accepted = RouteCompiler.Compile(new RouteInput(routes, services, new Dictionary<string, CertificateFiles>(), ports)).Verdicts;
        var outcomes = new Dictionary<string, CertificateOutcome>(StringComparer.Ordinal);
        foreach (var route in routes.Where(r => r.Spec.Tls is not null && accepted[Key(r)].Accepted.Status))
        {
            var outcome = certificates.Ensure(route, issuers, name => client.Get<Secret>(route.Namespace, name));
            outcomes[Key(route)] = outcome;
            Issued(route, outcome);
        }
        certificateFiles.Prune(outcomes.Where(o => o.Value.Files is not null || o.Value.Due is not null).Select(o => o.Key).ToHashSet(StringComparer.Ordinal));
        if (routes.Count == 0 && client.Get<Service>(proxy.Options.Namespace, proxy.Options.Name) is null)
        {
            return ReconcileResult.Success; // nothing to serve: no proxy is started for nothing
        }
        var proxyService = proxy.Ensure();
        var programmed = await ProgramAsync(proxyService, admin.WithAdmin(Compile(routes, services, outcomes, ports, []).Config), resync, cancellationToken).ConfigureAwait(false);
        // ACME orders wait for a proxy that serves the current config: it must answer the HTTP-01 challenges.
        foreach (var route in routes.Where(r => outcomes.GetValueOrDefault(Key(r))?.Due is not null))
        {
            var due = outcomes[Key(route)];
            if (!programmed.Ok)
            {
                outcomes[Key(route)] = due with { Reason = RouteReasons.CertificatePending, Message = $"a certificate is due ({due.Due!.Because}); it is ordered once the proxy answers HTTP-01: {programmed.Message}", Due = null };
                continue;
            }
            var outcome = await certificates.IssueAsync(route, due.Due!, (challenges, ct) => PublishAsync(routes, services, outcomes, ports, challenges, ct), cancellationToken).ConfigureAwait(false);
            outcomes[Key(route)] = outcome;
            Issued(route, outcome);
        }
        var compiled = Compile(routes, services, outcomes, ports, []);
        programmed = await ProgramAsync(proxyService, admin.WithAdmin(compiled.Config), resync: false, cancellationToken).ConfigureAwait(false);
        foreach (var route in routes)
        {
            await WriteStatusAsync(route, compiled.Verdicts[Key(route)], outcomes.GetValueOrDefault(Key(route)), programmed, cancellationToken).ConfigureAwait(false);
        }
        if (!programmed.Ok)
        {
            return programmed.Refused
                ? ReconcileResult.Failure(RouteReasons.Invalid, programmed.Message)
                : programmed.Waiting ? ReconcileResult.Requeue(ProxyWait) : ReconcileResult.Failure(RouteReasons.ProxyUnavailable, programmed.Message);
        }
        var next = outcomes.Values.Select(NextLook).Concat(issuers.NextRegistration is { } r ? [r] : []).Where(t => t is not null).Min();
        return next is { } at ? ReconcileResult.Requeue(Max(at - time.GetUtcNow(), TimeSpan.FromSeconds(1))) : ReconcileResult.Success;
    }

    private void Issued(Route route, CertificateOutcome outcome)
    {
        if (outcome.IssuedBecause is { } because)
        {
            LogIssued(logger, route.Namespace, route.Name, because);
            client.RecordEvent(route, EventTypes.Normal, RouteReasons.Issued, $"certificate {outcome.Status?.SerialNumber} issued by {outcome.Status?.Issuer} ({because}), valid until {outcome.Status?.NotAfter:u}");
        }
    }

    private CompiledRoutes Compile(List<Route> routes, IReadOnlyList<Service> services, Dictionary<string, CertificateOutcome> outcomes, ProxyPorts ports, IReadOnlyList<ChallengeResponse> challenges) =>
        RouteCompiler.Compile(new RouteInput(
            routes,
            services,
            outcomes.Where(o => o.Value.Files is not null).ToDictionary(o => o.Key, o => o.Value.Files!, StringComparer.Ordinal),
            ports,
            challenges));

    /// <summary>Loads the config with the HTTP-01 answers of an order under way; the next load leaves them out again.</summary>
    private async Task PublishAsync(List<Route> routes, IReadOnlyList<Service> services, Dictionary<string, CertificateOutcome> outcomes, ProxyPorts ports, IReadOnlyList<Http01Challenge> challenges, CancellationToken cancellationToken)
    {
        var desired = admin.WithAdmin(Compile(routes, services, outcomes, ports, [.. challenges.Select(c => new ChallengeResponse(c.Host, c.Path, c.KeyAuthorization))]).Config);
        _loaded = null;
        await admin.LoadAsync(desired, cancellationToken).ConfigureAwait(false);
        _loaded = desired;
    }

    private async Task<IssuerState> EnsureIssuersAsync(List<Issuer> issuers, CancellationToken cancellationToken)
    {
        var cas = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        var accounts = new Dictionary<string, AcmeAccount>(StringComparer.Ordinal);
        DateTimeOffset? nextRegistration = null;
        foreach (var issuer in issuers)
        {
            issuer.Status ??= new IssuerStatus();
            var before = Api.Serialization.HomelabJson.ToNode(issuer)["status"]?.ToJsonString();
            if (issuer.Spec.Internal is not null)
            {
                try
                {
                    var ca = authority.LoadOrCreate(issuer.Name);
                    cas[issuer.Name] = ca;
                    issuer.Status.Ca = ca.ExportCertificatePem() + "\n";
                    issuer.Status.CaNotAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
                    issuer.Status.SetCondition(ConditionTypes.Ready, ConditionStatus.True, "CAReady", $"root CA \"{ca.Subject}\" valid until {issuer.Status.CaNotAfter:u}; trust status.ca on your devices", issuer.Generation, time.GetUtcNow());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    issuer.Status.SetCondition(ConditionTypes.Ready, ConditionStatus.False, "CAFailed", $"could not load or create the CA: {e.Message}", issuer.Generation, time.GetUtcNow());
                    client.RecordEvent(issuer, EventTypes.Warning, "CAFailed", e.Message);
                }
            }
            else
            {
                var account = await acmeAccounts.EnsureAsync(issuer, cancellationToken).ConfigureAwait(false);
                if (account.Account is not null)
                {
                    accounts[issuer.Name] = account.Account;
                }
                else if (acmeAccounts.NextTry(issuer) is { } at && (nextRegistration is null || at < nextRegistration))
                {
                    nextRegistration = at;
                }
                issuer.Status.SetCondition(ConditionTypes.Ready, account.Account is not null ? ConditionStatus.True : ConditionStatus.False, account.Reason, account.Message, issuer.Generation, time.GetUtcNow());
                if (account.Changed)
                {
                    client.RecordEvent(issuer, account.Account is not null ? EventTypes.Normal : EventTypes.Warning, account.Reason, account.Message);
                }
            }
            issuer.Status.ObservedGeneration = issuer.Generation;
            if (Api.Serialization.HomelabJson.ToNode(issuer)["status"]?.ToJsonString() != before)
            {
                await client.UpdateStatusAsync(issuer, cancellationToken).ConfigureAwait(false);
            }
        }
        return new IssuerState(issuers.ToDictionary(i => i.Name, StringComparer.Ordinal), cas, accounts) { NextRegistration = nextRegistration };
    }

    /// <summary>Loads the config when the proxy holds another one; what happened, for the Routes' Programmed condition.</summary>
    private async Task<ProgramResult> ProgramAsync(Service proxyService, JsonObject desired, bool resync, CancellationToken cancellationToken)
    {
        if (!ProxyDeployment.IsReady(proxyService))
        {
            _loaded = null;
            var why = proxyService.Status?.GetCondition(ConditionTypes.Ready)?.Message;
            return new(false, false, true, $"the proxy Service {proxyService.Namespace}/{proxyService.Name} is not running yet" + (string.IsNullOrEmpty(why) ? "" : $": {why}"));
        }
        try
        {
            if (resync || _loaded is null || !JsonNode.DeepEquals(_loaded, desired))
            {
                var live = await admin.GetConfigAsync(cancellationToken).ConfigureAwait(false);
                if (!JsonNode.DeepEquals(live, desired))
                {
                    await admin.LoadAsync(desired, cancellationToken).ConfigureAwait(false);
                    LogLoaded(logger, live is null ? "none" : "another");
                }
                _loaded = desired;
            }
            return new(true, false, false, "the proxy serves the current config");
        }
        catch (ProxyException e)
        {
            _loaded = null;
            LogLoadFailed(logger, e.Message);
            return new(false, e.IsRefused, false, e.IsRefused
                ? $"the proxy refused the config and keeps serving its previous one: {e.Message}"
                : $"the proxy's admin socket does not answer: {e.Message}");
        }
    }

    private async Task WriteStatusAsync(Route route, RouteVerdict verdict, CertificateOutcome? certificate, ProgramResult programmed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var generation = route.Generation;
        route.Status ??= new RouteStatus();
        var before = Api.Serialization.HomelabJson.ToNode(route)["status"]?.ToJsonString();
        var status = route.Status;
        Set(status, RouteConditions.Accepted, verdict.Accepted, generation, now);
        Set(status, RouteConditions.ResolvedRefs, verdict.ResolvedRefs, generation, now);
        var certReady = certificate is not null ? new ConditionVerdict(certificate.Ready, certificate.Reason, certificate.Message)
            : route.Spec.Tls is null ? ConditionVerdict.Ok(RouteReasons.NoTls, "plain HTTP: the Route has no tls")
            : ConditionVerdict.Fail(verdict.Accepted.Reason, "no certificate for a Route that is not accepted");
        Set(status, RouteConditions.CertificateReady, certReady, generation, now);
        var isProgrammed = verdict.Accepted.Status && verdict.InConfig && programmed.Ok;
        var programmedVerdict = isProgrammed
            ? ConditionVerdict.Ok(RouteReasons.Programmed, $"served at {verdict.Url}")
            : !verdict.Accepted.Status ? ConditionVerdict.Fail(verdict.Accepted.Reason, "not served: " + verdict.Accepted.Message)
            : !verdict.InConfig ? ConditionVerdict.Fail(RouteReasons.CertificatePending, "not served until its certificate is ready: " + certReady.Message)
            : ConditionVerdict.Fail(programmed.Refused ? RouteReasons.Invalid : programmed.Waiting ? RouteReasons.Pending : RouteReasons.ProxyUnavailable, programmed.Message);
        Set(status, RouteConditions.Programmed, programmedVerdict, generation, now);
        var ready = isProgrammed && verdict.ResolvedRefs.Status && certReady.Status;
        status.SetCondition(ConditionTypes.Ready, ready ? ConditionStatus.True : ConditionStatus.False,
            ready ? "Serving" : FirstFailure(status),
            ready ? $"served at {verdict.Url}" : string.Join("; ", status.Conditions!.Where(c => c.Type != ConditionTypes.Ready && c.Status != ConditionStatus.True).Select(c => $"{c.Type}: {c.Message}")),
            generation, now);
        status.Url = isProgrammed ? verdict.Url : null;
        status.Certificate = certificate?.Status;
        status.ObservedGeneration = generation;
        if (Api.Serialization.HomelabJson.ToNode(route)["status"]?.ToJsonString() != before)
        {
            await client.UpdateStatusAsync(route, cancellationToken).ConfigureAwait(false);
            if (!verdict.Accepted.Status)
            {
                client.RecordEvent(route, EventTypes.Warning, verdict.Accepted.Reason, verdict.Accepted.Message);
            }
            // Recorded with the status change, not on every run: one event per failure, a failed renewal included
            // (its old certificate still serves, so the condition stays True).
            if (certificate is { Ready: false } or { Reason: RouteReasons.IssuanceFailed })
            {
                client.RecordEvent(route, EventTypes.Warning, certificate.Reason, certificate.Message);
            }
            if (!programmed.Ok && !programmed.Waiting)
            {
                client.RecordEvent(route, EventTypes.Warning, programmedVerdict.Reason, programmedVerdict.Message);
            }
        }
    }

    private static string FirstFailure(RouteStatus status) =>
        status.Conditions!.FirstOrDefault(c => c.Type != ConditionTypes.Ready && c.Status != ConditionStatus.True)?.Reason ?? "NotReady";

    private static void Set(RouteStatus status, string type, ConditionVerdict verdict, long generation, DateTimeOffset now) =>
        status.SetCondition(type, verdict.Status ? ConditionStatus.True : ConditionStatus.False, verdict.Reason, verdict.Message, generation, now);

    /// <summary>When this Route's certificate needs looking at again: its renewal time, or the end of a failure's back-off.</summary>
    private static DateTimeOffset? NextLook(CertificateOutcome outcome) =>
        outcome.Status is { FailedIssuanceAttempts: { } failures, LastFailureTime: { } last } ? last + RenewalPolicy.Backoff(failures)
        : outcome.Status?.RenewalTime;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Key(Route route) => $"{route.Namespace}/{route.Name}";

    private sealed record ProgramResult(bool Ok, bool Refused, bool Waiting, string Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a certificate for Route {Namespace}/{Name}: {Reason}")]
    private static partial void LogIssued(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the proxy's config (it held {Held})")]
    private static partial void LogLoaded(ILogger logger, string held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not program the proxy: {Error}")]
    private static partial void LogLoadFailed(ILogger logger, string error);
}
