using Homelab.Api.Resources;

namespace Homelab.Proxy.Compilation;

/// <summary>
/// Everything the proxy's config is compiled from. Order does not matter: compilation sorts.
/// <paramref name="Certificates"/> holds, per Route ("namespace/name"), the certificate files the proxy loads for it;
/// <paramref name="Challenges"/> the ACME HTTP-01 answers to serve while an issuance is under way.
/// </summary>
public sealed record RouteInput(
    IReadOnlyList<Route> Routes,
    IReadOnlyList<Service> Services,
    IReadOnlyDictionary<string, CertificateFiles> Certificates,
    ProxyPorts Ports,
    IReadOnlyList<ChallengeResponse>? Challenges = null);

/// <summary>An ACME HTTP-01 answer: <see cref="Body"/> at http://<see cref="Host"/><see cref="Path"/>.</summary>
public sealed record ChallengeResponse(string Host, string Path, string Body);

/// <summary>A certificate and key as files inside the proxy container; <see cref="Tag"/> changes with every issuance.</summary>
public sealed record CertificateFiles(string Certificate, string Key, string Tag);

/// <summary>The ports the proxy listens on inside its container, and the host ports users reach it on.</summary>
public sealed record ProxyPorts(int Http, int Https, int PublicHttp, int PublicHttps);
