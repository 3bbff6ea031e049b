using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Proxy.Compilation;
using Xunit;

namespace Homelab.Proxy.Tests.Compilation;

/// <summary>
/// testdata/&lt;case&gt;/input.yaml (Routes, Services with status) compiled to expected.json: the Caddy config and each
/// Route's verdict. Every TLS Route has a certificate unless it carries the annotation test/no-certificate; test/acme-token
/// adds an HTTP-01 answer at each of the Route's hostnames. After an
/// intended change, regenerate with UPDATE_GOLDEN=1 dotnet test --filter GoldenTests and review the diff.
/// </summary>
public sealed class GoldenTests
{
    private static readonly ProxyPorts Ports = new(8080, 8443, 80, 8443);

    public static TheoryData<string> Cases => new(Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "testdata"))
        .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiles_the_expected_config_and_verdicts(string name)
    {
        var actual = Render(RouteCompiler.Compile(Load(name)));
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), name, "expected.json"), actual);
            return;
        }
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", name, "expected.json")), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compilation_does_not_depend_on_input_order(string name)
    {
        var input = Load(name);
        var reversed = input with { Routes = input.Routes.Reverse().ToList(), Services = input.Services.Reverse().ToList(), Challenges = input.Challenges?.Reverse().ToList() };
        Assert.Equal(Render(RouteCompiler.Compile(input)), Render(RouteCompiler.Compile(reversed)));
    }

    internal static RouteInput Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", name, "input.yaml");
        var resources = YamlManifest.Parse(File.ReadAllText(path), path).Select(d => HomelabJson.ToResource(d.Object)).ToList();
        var routes = resources.OfType<Route>().ToList();
        var certificates = routes
            .Where(r => r.Spec.Tls is not null && r.Metadata.Annotations?.ContainsKey("test/no-certificate") != true)
            .ToDictionary(r => $"{r.Namespace}/{r.Name}", r => new CertificateFiles($"/data/certs/{r.Namespace}/{r.Name}.crt", $"/data/certs/{r.Namespace}/{r.Name}.key", $"serial-{r.Name}"));
        var challenges = routes
            .Where(r => r.Metadata.Annotations?.ContainsKey("test/acme-token") == true)
            .SelectMany(r => r.Spec.Hostnames.Select(h => new ChallengeResponse(h, "/.well-known/acme-challenge/" + r.Metadata.Annotations!["test/acme-token"], r.Metadata.Annotations!["test/acme-token"] + ".thumbprint")))
            .ToList();
        return new RouteInput(routes, resources.OfType<Service>().ToList(), certificates, Ports, challenges);
    }

    private static string Render(CompiledRoutes compiled)
    {
        var verdicts = new JsonObject();
        foreach (var (key, verdict) in compiled.Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            verdicts[key] = new JsonObject
            {
                ["accepted"] = $"{verdict.Accepted.Status} {verdict.Accepted.Reason}: {verdict.Accepted.Message}",
                ["resolvedRefs"] = $"{verdict.ResolvedRefs.Status} {verdict.ResolvedRefs.Reason}: {verdict.ResolvedRefs.Message}",
                ["inConfig"] = verdict.InConfig,
                ["url"] = verdict.Url,
            };
        }
        var document = new JsonObject { ["config"] = compiled.Config.DeepClone(), ["routes"] = verdicts };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "..", "testdata");
}
