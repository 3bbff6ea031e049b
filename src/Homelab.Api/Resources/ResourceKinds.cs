using System.Diagnostics.CodeAnalysis;

namespace Homelab.Api.Resources;

/// <summary>What the API knows of one kind: names for paths and the CLI, scope and CLR type.</summary>
public sealed record KindInfo(
    string Kind,
    string Plural,
    string Singular,
    IReadOnlyList<string> ShortNames,
    bool Namespaced,
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    [property: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    Type ClrType)
{
    public bool Matches(string name) =>
        string.Equals(name, Kind, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Plural, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Singular, StringComparison.OrdinalIgnoreCase)
        || ShortNames.Contains(name, StringComparer.OrdinalIgnoreCase);
}

public static class ResourceKinds
{
    public static readonly KindInfo Namespace = new("Namespace", "namespaces", "namespace", ["ns"], false, typeof(Namespace));
    public static readonly KindInfo Service = new("Service", "services", "service", ["svc"], true, typeof(Service));
    public static readonly KindInfo NetworkPolicy = new("NetworkPolicy", "networkpolicies", "networkpolicy", ["netpol"], true, typeof(NetworkPolicy));
    public static readonly KindInfo UpdatePolicy = new("UpdatePolicy", "updatepolicies", "updatepolicy", ["up"], true, typeof(UpdatePolicy));
    public static readonly KindInfo Secret = new("Secret", "secrets", "secret", [], true, typeof(Secret));
    public static readonly KindInfo ImagePolicy = new("ImagePolicy", "imagepolicies", "imagepolicy", ["imgpol"], false, typeof(ImagePolicy));
    public static readonly KindInfo Issuer = new("Issuer", "issuers", "issuer", [], false, typeof(Issuer));
    public static readonly KindInfo Route = new("Route", "routes", "route", ["rt"], true, typeof(Route));

    /// <summary>
    /// In dependency order: namespaces first, so an apply creates them before what lives in them; Secrets and image
    /// policies before the Services that mount or are judged by them; Issuers before the Routes that name them.
    /// </summary>
    public static readonly IReadOnlyList<KindInfo> All = [Namespace, ImagePolicy, Secret, Service, NetworkPolicy, UpdatePolicy, Issuer, Route];

    /// <summary>The kinds a controller reconciles and reports Ready on; the others are plain configuration.</summary>
    public static readonly IReadOnlyList<KindInfo> Reconciled = [Service, NetworkPolicy, UpdatePolicy, Route];

    /// <summary>Finds a kind by kind, plural, singular or short name, case-insensitively.</summary>
    public static KindInfo? Find(string name) => All.FirstOrDefault(k => k.Matches(name));

    public static KindInfo? ByKind(string kind) => All.FirstOrDefault(k => k.Kind == kind);

    public static KindInfo? ByPlural(string plural) => All.FirstOrDefault(k => k.Plural == plural);
}
