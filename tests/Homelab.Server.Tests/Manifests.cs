using System.Text.Json.Nodes;
using Homelab.Api;

namespace Homelab.Server.Tests;

internal static class Manifests
{
    public static JsonObject Service(string name, string ns = "default", string image = "registry.local/web:1.0", int containerPort = 8080, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value))));
        }
        return new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = "Service",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["image"] = image,
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = containerPort }),
            },
        };
    }

    /// <summary>A Route for one hostname to port "http" of one Service, with TLS from an Issuer.</summary>
    public static JsonObject Route(string name, string backend, string hostname, string ns = "default") => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "Route",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["hostnames"] = new JsonArray(hostname),
            ["rules"] = new JsonArray(new JsonObject { ["backendRefs"] = new JsonArray(new JsonObject { ["name"] = backend, ["port"] = "http" }) }),
            ["tls"] = new JsonObject { ["issuerRef"] = new JsonObject { ["name"] = "home-ca" } },
        },
    };

    /// <summary>What the route controller writes once the proxy serves a Route: its URL, its certificate (when given) and Programmed.</summary>
    public static JsonObject RouteStatus(string url, DateTimeOffset? notAfter)
    {
        var status = new JsonObject
        {
            ["url"] = url,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Programmed", ["status"] = "True", ["reason"] = "Programmed", ["message"] = "", ["lastTransitionTime"] = "2026-12-07T00:00:00Z" }),
        };
        if (notAfter is { } until)
        {
            status["certificate"] = new JsonObject { ["serialNumber"] = "0a1b", ["notBefore"] = until.AddDays(-90).ToString("O"), ["notAfter"] = until.ToString("O") };
        }
        return new JsonObject { ["status"] = status };
    }

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };
}
