using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Proxy.Compilation;

/// <summary>The compiled proxy config (without its admin block, which the driver owns) and a verdict per Route.</summary>
public sealed record CompiledRoutes(JsonObject Config, IReadOnlyDictionary<string, RouteVerdict> Verdicts);

/// <summary>
/// Routes to one Caddy JSON config, pure: backends resolved to the Services' container addresses, conflicts settled for
/// the oldest Route, entries ordered by Gateway API's precedence (Caddy tries routes in order, the first match wins).
/// Nothing automatic is left to Caddy: TLS certificates are loaded from files homelabd keeps, and plain-HTTP requests for
/// a TLS host are redirected by explicit routes, so the config says everything the proxy does.
/// </summary>
public static class RouteCompiler
{
    public static CompiledRoutes Compile(RouteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var services = input.Services
            .Where(s => s.Metadata.DeletionTimestamp is null)
            .ToDictionary(s => $"{s.Namespace}/{s.Name}", StringComparer.Ordinal);
        var routes = input.Routes
            .Where(r => r.Metadata.DeletionTimestamp is null)
            .OrderBy(r => r.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var claims = new Dictionary<(string, string, string), string>();
        var verdicts = new Dictionary<string, RouteVerdict>(StringComparer.Ordinal);
        var https = new List<RouteEntry>();
        var http = new List<RouteEntry>();
        var certificates = new SortedDictionary<string, CertificateFiles>(StringComparer.Ordinal);
        for (var order = 0; order < routes.Count; order++)
        {
            var route = routes[order];
            var key = $"{route.Namespace}/{route.Name}";
            var (resolved, backends, perRule) = Resolve(route, services);
            var entries = Entries(route, order, key, perRule);
            var conflicts = entries
                .Select(e => claims.TryGetValue(e.Claim, out var owner) && owner != key ? (e, owner) : default)
                .Where(c => c.e is not null)
                .ToList();
            var url = Url(route, input.Ports);
            if (conflicts.Count > 0)
            {
                var (entry, owner) = conflicts[0];
                verdicts[key] = new RouteVerdict(key,
                    ConditionVerdict.Fail(RouteReasons.Conflicted, $"{entry.Host} {entry.PathType} {entry.Path} is already served by the older Route {owner}" + (conflicts.Count > 1 ? $" (and {conflicts.Count - 1} more)" : "")),
                    resolved, backends, url);
                continue;
            }
            foreach (var entry in entries)
            {
                claims[entry.Claim] = key;
            }
            var tls = route.Spec.Tls is not null;
            var certificate = tls ? input.Certificates.GetValueOrDefault(key) : null;
            var inConfig = !tls || certificate is not null;
            if (tls && certificate is not null)
            {
                certificates[key] = certificate;
                https.AddRange(entries);
                http.AddRange(route.Spec.Hostnames.Distinct(StringComparer.Ordinal).Select(h => new RouteEntry(h, PathMatchTypes.PathPrefix, "/", order, key, null, Redirect: true)));
            }
            else if (!tls)
            {
                http.AddRange(entries);
            }
            verdicts[key] = new RouteVerdict(key, ConditionVerdict.Ok(RouteReasons.Accepted, "the Route's hostnames and paths are its own"), resolved, backends, url) { InConfig = inConfig };
        }
        var challenges = (input.Challenges ?? []).OrderBy(c => c.Host, StringComparer.Ordinal).ThenBy(c => c.Path, StringComparer.Ordinal).ToList();
        return new CompiledRoutes(Config(input.Ports, https, http, certificates.Values, challenges), verdicts);
    }

    private static (ConditionVerdict, IReadOnlyList<ResolvedBackend>, List<List<ResolvedBackend>>) Resolve(Route route, Dictionary<string, Service> services)
    {
        var problems = new List<(string Reason, string Message)>();
        var all = new List<ResolvedBackend>();
        var perRule = new List<List<ResolvedBackend>>();
        foreach (var rule in route.Spec.Rules)
        {
            var backends = new List<ResolvedBackend>();
            foreach (var reference in rule.BackendRefs)
            {
                if (!services.TryGetValue($"{route.Namespace}/{reference.Name}", out var service))
                {
                    problems.Add((RouteReasons.BackendNotFound, $"Service {route.Namespace}/{reference.Name} does not exist"));
                    continue;
                }
                int? port = reference.Port.Number ?? service.Spec.Ports?.FirstOrDefault(p => p.Name == reference.Port.Name)?.ContainerPort;
                if (port is not { } number)
                {
                    problems.Add((RouteReasons.PortNotFound, $"Service {route.Namespace}/{reference.Name} has no port named \"{reference.Port.Name}\""));
                    continue;
                }
                if (string.IsNullOrEmpty(service.Status?.Ip))
                {
                    problems.Add((RouteReasons.BackendNotReady, $"Service {route.Namespace}/{reference.Name} has no address yet (not running)"));
                    continue;
                }
                var backend = new ResolvedBackend(route.Namespace, reference.Name, number, Dial(service.Status.Ip, number));
                backends.Add(backend);
                if (!all.Contains(backend))
                {
                    all.Add(backend);
                }
            }
            perRule.Add(backends);
        }
        var verdict = problems.Count == 0
            ? ConditionVerdict.Ok(RouteReasons.ResolvedRefs, "every backend resolves to a running Service's port")
            : ConditionVerdict.Fail(problems[0].Reason, string.Join("; ", problems.Select(p => p.Message)));
        return (verdict, all, perRule);
    }

    private static List<RouteEntry> Entries(Route route, int order, string key, List<List<ResolvedBackend>> perRule)
    {
        var entries = new List<RouteEntry>();
        var seen = new HashSet<(string, string, string)>();
        for (var i = 0; i < route.Spec.Rules.Count; i++)
        {
            var matches = route.Spec.Rules[i].Matches is { Count: > 0 } m ? m : [new RouteMatch()];
            foreach (var host in route.Spec.Hostnames)
            {
                foreach (var match in matches)
                {
                    var entry = new RouteEntry(host, match.Path?.Type ?? PathMatchTypes.PathPrefix, RouteEntry.NormalizePath(match.Path), order, key, perRule[i]);
                    // Within one Route the first rule that names a match serves it, as Gateway API orders rules.
                    if (seen.Add(entry.Claim))
                    {
                        entries.Add(entry);
                    }
                }
            }
        }
        return entries;
    }

    private static string? Url(Route route, ProxyPorts ports)
    {
        var host = route.Spec.Hostnames.FirstOrDefault(h => !h.StartsWith("*.", StringComparison.Ordinal)) ?? route.Spec.Hostnames.FirstOrDefault();
        if (host is null)
        {
            return null;
        }
        return route.Spec.Tls is not null
            ? "https://" + host + (ports.PublicHttps == 443 ? "" : ":" + ports.PublicHttps.ToString(CultureInfo.InvariantCulture)) + "/"
            : "http://" + host + (ports.PublicHttp == 80 ? "" : ":" + ports.PublicHttp.ToString(CultureInfo.InvariantCulture)) + "/";
    }

    private static string Dial(string ip, int port) =>
        (ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip) + ":" + port.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Config(ProxyPorts ports, List<RouteEntry> https, List<RouteEntry> http, IEnumerable<CertificateFiles> certificates, List<ChallengeResponse> challenges)
    {
        var servers = new JsonObject
        {
            ["http"] = Server(ports.Http, http, ports, tls: false, challenges),
        };
        if (https.Count > 0)
        {
            servers["https"] = Server(ports.Https, https, ports, tls: true, []);
        }
        var apps = new JsonObject
        {
            ["http"] = new JsonObject
            {
                ["http_port"] = ports.Http,
                ["https_port"] = ports.Https,
                ["servers"] = servers,
            },
        };
        var files = certificates.Select(c => (JsonNode)new JsonObject
        {
            ["certificate"] = c.Certificate,
            ["key"] = c.Key,
            ["tags"] = new JsonArray(c.Tag),
        }).ToArray();
        if (files.Length > 0)
        {
            apps["tls"] = new JsonObject { ["certificates"] = new JsonObject { ["load_files"] = new JsonArray(files) } };
        }
        return new JsonObject { ["apps"] = apps };
    }

    private static JsonObject Server(int port, List<RouteEntry> entries, ProxyPorts ports, bool tls, List<ChallengeResponse> challenges)
    {
        entries.Sort(RouteEntryPrecedence.Instance);
        var routes = new JsonArray();
        // ACME validates on plain HTTP, so its answers go ahead of every Route and of the redirects to HTTPS.
        foreach (var challenge in challenges)
        {
            var answer = StaticResponse(200, challenge.Body);
            answer["headers"] = new JsonObject { ["Content-Type"] = new JsonArray("text/plain") };
            routes.Add((JsonNode)new JsonObject
            {
                ["match"] = new JsonArray(new JsonObject { ["host"] = new JsonArray(challenge.Host), ["path"] = new JsonArray(challenge.Path) }),
                ["handle"] = new JsonArray(answer),
                ["terminal"] = true,
            });
        }
        foreach (var entry in entries)
        {
            routes.Add((JsonNode)CaddyRoute(entry, ports));
        }
        routes.Add((JsonNode)new JsonObject
        {
            ["handle"] = new JsonArray(StaticResponse(404, "no Route serves this host and path\n")),
            ["terminal"] = true,
        });
        var server = new JsonObject
        {
            ["listen"] = new JsonArray(":" + port.ToString(CultureInfo.InvariantCulture)),
            ["routes"] = routes,
            // Certificates and redirects are homelabd's: nothing is obtained or rewritten behind its back.
            ["automatic_https"] = new JsonObject { ["disable"] = true },
        };
        if (tls)
        {
            server["tls_connection_policies"] = new JsonArray(new JsonObject());
        }
        return server;
    }

    private static JsonObject CaddyRoute(RouteEntry entry, ProxyPorts ports)
    {
        var match = new JsonObject { ["host"] = new JsonArray(entry.Host) };
        if (PathPattern(entry) is { } pattern)
        {
            match["path_regexp"] = new JsonObject { ["pattern"] = pattern };
        }
        JsonObject handler;
        if (entry.Redirect)
        {
            var location = "https://{http.request.host}" + (ports.PublicHttps == 443 ? "" : ":" + ports.PublicHttps.ToString(CultureInfo.InvariantCulture)) + "{http.request.uri}";
            handler = StaticResponse(308, null);
            handler["headers"] = new JsonObject { ["Location"] = new JsonArray(location) };
        }
        else if (entry.Backends is { Count: > 0 } backends)
        {
            handler = new JsonObject
            {
                ["handler"] = "reverse_proxy",
                ["upstreams"] = new JsonArray([.. backends.Select(b => (JsonNode)new JsonObject { ["dial"] = b.Dial })]),
            };
        }
        else
        {
            handler = StaticResponse(503, $"no backend of Route {entry.RouteKey} is available\n");
        }
        return new JsonObject
        {
            ["match"] = new JsonArray(match),
            ["handle"] = new JsonArray(handler),
            ["terminal"] = true,
        };
    }

    private static JsonObject StaticResponse(int status, string? body)
    {
        var handler = new JsonObject { ["handler"] = "static_response", ["status_code"] = status };
        if (body is not null)
        {
            handler["body"] = body;
        }
        return handler;
    }

    /// <summary>
    /// A case-sensitive regular expression for the match (Caddy's path matcher ignores case; Gateway API does not).
    /// PathPrefix matches whole segments: /media matches /media and /media/x, not /mediax. Null for PathPrefix "/".
    /// </summary>
    private static string? PathPattern(RouteEntry entry)
    {
        if (entry.PathType == PathMatchTypes.PathPrefix && entry.Path == "/")
        {
            return null;
        }
        var quoted = QuoteMeta(entry.Path);
        return entry.PathType == PathMatchTypes.Exact ? $"^{quoted}$" : $"^{quoted}(/.*)?$";
    }

    /// <summary>As Go's regexp.QuoteMeta: every RE2 metacharacter escaped.</summary>
    private static string QuoteMeta(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
