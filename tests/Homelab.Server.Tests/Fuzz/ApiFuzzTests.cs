using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.TestKit;

namespace Homelab.Server.Tests.Fuzz;

/// <summary>
/// The API against hostile bodies: a real manifest with one field turned into something else (a wrong type, unicode,
/// an oversized label, an invalid selector, a number past every limit), raw junk, nesting and duplicate keys. Every
/// answer is a 4xx Status that names what was wrong, never a 5xx; the store's revision does not move for a refused
/// write; and the daemon still answers afterwards. Inputs: HLTEST_FUZZ_ITER (default 2,000).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ApiFuzzTests : IAsyncLifetime
{
    private TestDaemon daemon = null!;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync();

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    /// <summary>Values that are wrong somewhere in every manifest: each replaces one field.</summary>
    private static readonly Gen<JsonNode?> Hostile = Gen.OneOf<JsonNode?>(
        Gen.Const((JsonNode?)null),
        Gen.Const<JsonNode?>(JsonValue.Create(true)),
        Gen.Const<JsonNode?>(JsonValue.Create(long.MaxValue)),
        Gen.Const<JsonNode?>(JsonValue.Create(long.MinValue)),
        Gen.Const<JsonNode?>(JsonValue.Create(2147483648L)),
        Gen.Const<JsonNode?>(JsonValue.Create(-1)),
        Gen.Const<JsonNode?>(JsonValue.Create(1e300)),
        Gen.Const<JsonNode?>(JsonValue.Create("99999999999999999999h")),
        Gen.Const<JsonNode?>(JsonValue.Create("1e999Gi")),
        Gen.Const<JsonNode?>(JsonValue.Create("-5m")),
        Gen.Const<JsonNode?>(JsonValue.Create("")),
        Gen.Const<JsonNode?>(JsonValue.Create("Ünïcødé-名前-🙂")),
        Gen.Const<JsonNode?>(JsonValue.Create("a\u0000b")),
        Gen.Const<JsonNode?>(JsonValue.Create(new string('x', 70_000))),
        Gen.Const<JsonNode?>(new JsonArray()),
        Gen.Const<JsonNode?>(new JsonArray(JsonValue.Create(1), null, new JsonObject())),
        Gen.Const<JsonNode?>(new JsonObject()),
        Gen.Const<JsonNode?>(new JsonObject { [new string('k', 300)] = "v", ["a/b/c"] = "x", ["ok"] = new string('v', 64) }),
        Gen.Const<JsonNode?>(new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "a", ["operator"] = "Maybe", ["values"] = new JsonArray("x") }) }),
        Gen.Const<JsonNode?>(new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "a", ["operator"] = "Exists", ["values"] = new JsonArray("x") }) }),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double.Select(d => (JsonNode?)JsonValue.Create(double.IsFinite(d) ? d : 0)));

    [Fact]
    public async Task A_manifest_with_any_field_made_hostile_gets_a_4xx_naming_it_and_stores_nothing()
    {
        var manifests = new[] { Service(), Policy() };
        var accepted = 0;
        await Gen.Select(Gen.Int[0, manifests.Length - 1], Gen.Int[0, 1_000], Hostile, Gen.Bool)
            .SampleAsync(async (which, pick, value, asBatch) =>
            {
                var manifest = manifests[which].DeepClone().AsObject();
                var paths = Paths(manifest).ToList();
                var path = paths[pick % paths.Count];
                Replace(manifest, path, value);
                var revision = daemon.Store.Revision;
                var response = await SendAsync(manifest, which == 0 ? ResourceKinds.Service : ResourceKinds.NetworkPolicy, asBatch);
                var code = (int)response.Status;
                Assert.True(code < 500, $"{path} = {Print(value)}: {code} {response.Body}");
                if (code < 300)
                {
                    // Some replacements are still valid (a label value, a number in range): stored, then removed again.
                    Interlocked.Increment(ref accepted);
                    await CleanUpAsync(which == 0 ? ResourceKinds.Service : ResourceKinds.NetworkPolicy);
                    return;
                }
                Assert.Equal(revision, daemon.Store.Revision);
                var status = JsonNode.Parse(response.Body)!.AsObject();
                Assert.Equal("Status", status["kind"]!.GetValue<string>());
                Assert.False(string.IsNullOrWhiteSpace(status["message"]?.GetValue<string>()), response.Body);
            }, iter: Homelab.TestKit.Fuzz.Iterations, threads: 1, print: t => $"{t.Item1}/{t.Item2}/{Print(t.Item3)}/{t.Item4}");
        Assert.Equal(HttpStatusCode.OK, (await daemon.Http.GetAsync(ApiPaths.Version)).StatusCode);
    }

    [Fact]
    public async Task Junk_bodies_get_a_4xx_and_the_daemon_keeps_serving()
    {
        var junk = Gen.OneOf(
            Gen.Byte.Array[0, 2_000].Select(bytes => Encoding.Latin1.GetString(bytes)),
            Gen.Char["{}[]\":,0123456789truefalsnul \\"].Array[0, 500].Select(chars => new string(chars)));
        await junk.SampleAsync(async body =>
        {
            var revision = daemon.Store.Revision;
            using var response = await daemon.Http.SendRawAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), body);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(revision, daemon.Store.Revision);
        }, iter: Homelab.TestKit.Fuzz.Iterations, threads: 1, print: b => System.Text.Json.JsonSerializer.Serialize(b));
        Assert.Equal(HttpStatusCode.OK, (await daemon.Http.GetAsync(ApiPaths.Version)).StatusCode);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(65)]
    public async Task Deep_nesting_is_a_400(int depth)
    {
        var body = "{\"apiVersion\":\"homelab.dev/v1alpha1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"deep\"},\"spec\":{\"image\":"
            + string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)) + "}}";
        using var response = await daemon.Http.SendRawAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"), body);
        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("depth", status.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Duplicate_keys_are_a_400()
    {
        using var response = await daemon.Http.SendRawAsync(HttpMethod.Post, ApiCalls.ServicesPath("default"),
            "{\"apiVersion\":\"homelab.dev/v1alpha1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"a\",\"name\":\"b\"},\"spec\":{\"image\":\"docker.io/x/y:1\"}}");
        var status = await ApiCalls.ExpectStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("name", status.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Refused on its Content-Length, before a byte of it is read: only the headers are sent (a client still writing
    /// the body would see the connection close under it).
    /// </summary>
    [Fact]
    public async Task A_body_over_the_limit_is_a_413_before_it_is_read()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(daemon.Options.SocketPath));
        await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
        var headers = $"POST {ApiCalls.ServicesPath("default")} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {daemon.Options.MaxRequestBodyBytes + 1}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Status\"", response, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(JsonObject manifest, KindInfo kind, bool asBatch)
    {
        using var response = asBatch
            ? await daemon.Http.SendJsonAsync(HttpMethod.Post, ApiPaths.Batch, new JsonObject { ["operations"] = new JsonArray(new JsonObject { ["op"] = "create", ["object"] = manifest }) })
            : await daemon.Http.SendJsonAsync(HttpMethod.Post, ApiPaths.For(kind, "default"), manifest);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Removes what an accepted write stored, whatever name it carried.</summary>
    private async Task CleanUpAsync(KindInfo kind)
    {
        foreach (var stored in daemon.Store.List(kind.Kind, "default").Items)
        {
            using var _ = await daemon.Http.DeleteAsync(ApiPaths.For(kind, "default", stored.Key.Name) + "?force=true");
        }
    }

    /// <summary>Every field path of the manifest, objects and arrays included, as (parent, key or index).</summary>
    private static IEnumerable<string> Paths(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    yield return path;
                    foreach (var child in Paths(value, path))
                    {
                        yield return child;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var path = $"{prefix}[{i}]";
                    yield return path;
                    foreach (var child in Paths(array[i], path))
                    {
                        yield return child;
                    }
                }
                break;
        }
    }

    private static void Replace(JsonObject root, string path, JsonNode? value)
    {
        var parts = System.Text.RegularExpressions.Regex.Split(path, @"\.|(?=\[)").Where(p => p.Length > 0).ToList();
        JsonNode current = root;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var last = i == parts.Count - 1;
            if (part.StartsWith('['))
            {
                var index = int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture);
                if (last)
                {
                    current.AsArray()[index] = value?.DeepClone();
                    return;
                }
                current = current.AsArray()[index]!;
            }
            else
            {
                if (last)
                {
                    current.AsObject()[part] = value?.DeepClone();
                    return;
                }
                current = current.AsObject()[part]!;
            }
        }
    }

    private static string Print(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    private static JsonObject Service() => JsonNode.Parse("""
        {"apiVersion":"homelab.dev/v1alpha1","kind":"Service",
         "metadata":{"name":"fuzz","namespace":"default","labels":{"app":"fuzz"},"annotations":{"note":"x"}},
         "spec":{"image":"127.0.0.1:5000/homelab/caddy:2.8","command":["/bin/sh"],"args":["-c","sleep 1"],
           "env":[{"name":"TZ","value":"UTC"}],
           "ports":[{"name":"http","containerPort":8080,"protocol":"TCP","hostPort":18080,"hostIP":"127.0.0.1"}],
           "volumes":[{"name":"data","mountPath":"/data"}],
           "configFiles":[{"mountPath":"/etc/x.conf","content":"a=b","mode":"0444"}],
           "resources":{"memory":"64Mi","cpus":"0.5","pids":64},
           "healthCheck":{"command":["true"],"interval":"30s","timeout":"5s","retries":3,"startPeriod":"10s"},
           "restartPolicy":"Always","stopGracePeriod":"10s",
           "securityContext":{"runAsUser":1000,"runAsGroup":1000,"readOnlyRootFilesystem":true}}}
        """)!.AsObject();

    private static JsonObject Policy() => JsonNode.Parse("""
        {"apiVersion":"homelab.dev/v1alpha1","kind":"NetworkPolicy",
         "metadata":{"name":"fuzz","namespace":"default"},
         "spec":{"serviceSelector":{"matchLabels":{"app":"fuzz"}},"policyTypes":["Ingress","Egress"],
           "ingress":[{"from":[{"serviceSelector":{"matchLabels":{"app":"a"}}},{"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}],
                       "ports":[{"protocol":"TCP","port":80,"endPort":90}]}],
           "egress":[{"to":[{"namespaceSelector":{"matchExpressions":[{"key":"zone","operator":"In","values":["apps"]}]}}],"ports":[{"port":"dns","protocol":"UDP"}]}]}}
        """)!.AsObject();
}
