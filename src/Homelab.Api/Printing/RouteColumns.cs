using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

/// <summary>NAME HOSTNAMES BACKENDS TLS EXPIRES ACCEPTED PROGRAMMED AGE; wide adds the URL.</summary>
public sealed class RouteColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => wide
        ? ["NAME", "HOSTNAMES", "BACKENDS", "TLS", "EXPIRES", "ACCEPTED", "PROGRAMMED", "URL", "AGE"]
        : ["NAME", "HOSTNAMES", "BACKENDS", "TLS", "EXPIRES", "ACCEPTED", "PROGRAMMED", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var route = LenientJson.To<Route>(obj);
        var spec = route.Spec;
        List<string> cells =
        [
            route.Name,
            string.Join(",", spec.Hostnames ?? []),
            string.Join(",", (spec.Rules ?? []).SelectMany(r => r?.BackendRefs ?? []).Select(b => $"{b.Name}:{b.Port}").Distinct()),
            Tls(spec.Tls),
            route.Status?.Certificate?.NotAfter is { } notAfter ? notAfter.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : SelectorText.None,
            Reasoned(route, RouteConditions.Accepted),
            Reasoned(route, RouteConditions.Programmed),
        ];
        if (wide)
        {
            cells.Add(route.Status?.Url ?? SelectorText.None);
        }
        cells.Add(Age.Since(route.Metadata.CreationTimestamp, now));
        return cells;
    }

    private static string Tls(RouteTls? tls) =>
        tls?.IssuerRef is { } issuer ? $"issuer/{issuer.Name}"
        : !string.IsNullOrEmpty(tls?.SecretName) ? $"secret/{tls.SecretName}"
        : SelectorText.None;

    /// <summary>"True", or "False (Reason)" so a refusal says why at a glance.</summary>
    private static string Reasoned(Route route, string type) =>
        Conditions.Current(route.Status, type, route.Generation) switch
        {
            null => ConditionStatus.Unknown,
            { Status: ConditionStatus.True } => ConditionStatus.True,
            var c => $"{c.Status} ({c.Reason})",
        };
}
