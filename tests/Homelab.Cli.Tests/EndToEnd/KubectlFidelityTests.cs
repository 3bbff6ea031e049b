using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 25: what kubectl users meet where homelabd must answer as kube-apiserver does for custom resources. Each test
/// drives kubectl 1.32 and 1.27 (each skipped, saying so, when absent) and checks what the store then holds: objects,
/// their resourceVersions and the store's revision.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlFidelityTests : IAsyncLifetime
{
    private static readonly string[] Versions = ["1.32", "1.27"];
    private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-kfidelity-", "--listen", $"127.0.0.1:{Kubectl.FreePort()}");
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        await _host.Daemon.StartAsync();
        _kubeconfig = await _host.KubeconfigAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static IEnumerable<string> Installed => Versions.Where(v => File.Exists(Kubectl.PathOf(v)));

    private Task<ProcessResult> K(string version, params string[] args) => new Kubectl(Kubectl.PathOf(version), _kubeconfig).RunAsync(args);

    private Task<ProcessResult> Hl(params string[] args) => _host.Hl(args);

    private static ProcessResult Ok(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static ProcessResult Refused(ProcessResult result, string expected)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        return result;
    }

    private static string Namespace(string name) => $"apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata:\n  name: {name}\n";

    private static string Service(string name, string ns = "default", string image = "127.0.0.1:5000/busybox:latest", string extra = "") => $"""
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: {name}
          namespace: {ns}
          labels: {"{"}app: {name}, tier: front{"}"}
        spec:
          image: {image}
          ports:
            - containerPort: 80
        {extra}
        """;

    /// <summary>Every object of every kind with its resourceVersion, and the list revisions: equal twice only if nothing was written between.</summary>
    private async Task<string> StoreStateAsync()
    {
        var lines = new List<string>();
        foreach (var kind in ResourceKinds.All)
        {
            var list = await _host.Daemon.Client().ListAsync(kind, null, null, CancellationToken.None);
            lines.Add($"{kind.Kind} list at {list.ResourceVersion}");
            lines.AddRange(list.Items.Select(i => $"{kind.Kind} {i["metadata"]!["namespace"]}/{i["metadata"]!["name"]} {i["metadata"]!["resourceVersion"]} {i["metadata"]!["deletionTimestamp"]}"));
        }
        return string.Join('\n', lines);
    }

    private async Task<JsonObject?> StoredServiceAsync(string name, string ns = "default")
    {
        var list = await _host.Daemon.Client().ListAsync(ResourceKinds.Service, ns, null, CancellationToken.None);
        return list.Items.SingleOrDefault(i => (string?)i["metadata"]!["name"] == name);
    }

    [KubectlFact]
    public async Task A_server_dry_run_of_every_write_verb_moves_nothing()
    {
        // kubectl prunes only what kubectl applied (its last-applied annotation), so kubectl applies the start.
        Ok(await K(Installed.First(), "apply", "-f", _host.Write("base.yaml", Namespace("media") + "---\n" + Service("web") + "---\n" + Service("db", "media"))));
        var pruneFile = _host.Write("prune.yaml", Service("keep", "media"));
        string[] prune = ["apply", "--prune", "-l", "tier=front", "-n", "media", "--prune-allowlist=homelab.dev/v1alpha1/Service", "-f", pruneFile, "--dry-run=server"];
        var changed = _host.Write("changed.yaml", Service("web", image: "127.0.0.1:5000/busybox:1.36"));
        var fresh = _host.Write("fresh.yaml", Service("fresh"));
        foreach (var version in Installed)
        {
            var before = await StoreStateAsync();
            var stored = (await StoredServiceAsync("web"))!;
            var replaced = _host.Write("replace.yaml", stored.ToJsonString().Replace("busybox:latest", "busybox:1.36", StringComparison.Ordinal));
            var runs = new string[][]
            {
                ["create", "-f", fresh, "--dry-run=server"],
                ["replace", "-f", replaced, "--dry-run=server"],
                ["apply", "-f", changed, "--dry-run=server"],
                ["patch", "svc", "web", "--type=merge", "-p", """{"spec":{"image":"127.0.0.1:5000/busybox:1.36"}}""", "--dry-run=server"],
                ["patch", "svc", "web", "--type=json", "-p", """[{"op":"replace","path":"/spec/image","value":"127.0.0.1:5000/busybox:1.36"}]""", "--dry-run=server"],
                ["replace", "--subresource=status", "-f", replaced, "--dry-run=server"],
                ["patch", "svc", "web", "--subresource=status", "--type=merge", "-p", """{"status":{"ip":"10.0.0.9"}}""", "--dry-run=server"],
                ["delete", "svc", "web", "--dry-run=server"],
                ["delete", "svc", "-l", "tier=front", "-A", "--dry-run=server"],
                ["delete", "ns", "media", "--dry-run=server"],
                prune,
            };
            foreach (var args in runs)
            {
                var result = Ok(await K(version, args));
                // kubectl patch prints "patched" whatever its --dry-run; every other verb names the server dry run.
                Assert.True(args[0] == "patch" || result.Out.Contains("server dry run", StringComparison.Ordinal), $"kubectl {version} {string.Join(' ', args)}: {result}");
                Assert.True(before == await StoreStateAsync(), $"kubectl {version} {string.Join(' ', args)} moved the store:\n{result}");
            }
            Assert.Contains("service.homelab.dev/db pruned (server dry run)", (await K(version, prune)).Out, StringComparison.Ordinal);
        }

        Ok(await K(Installed.First(), "delete", "svc", "web"));
        Assert.Null(await StoredServiceAsync("web"));
    }

    [KubectlFact]
    public async Task A_policy_without_its_service_selector_is_refused_and_not_stored()
    {
        foreach (var version in Installed)
        {
            foreach (var kind in new[] { "NetworkPolicy", "UpdatePolicy" })
            {
                var spec = kind == "NetworkPolicy" ? "  policyTypes: [Ingress]" : "  interval: 1h";
                var file = _host.Write("policy.yaml", $"apiVersion: homelab.dev/v1alpha1\nkind: {kind}\nmetadata:\n  name: forgot\nspec:\n{spec}\n");

                Refused(await K(version, "apply", "-f", file), "spec.serviceSelector");
            }
        }
        Assert.Empty((await _host.Daemon.Client().ListAsync(ResourceKinds.NetworkPolicy, null, null, CancellationToken.None)).Items);
        Assert.Empty((await _host.Daemon.Client().ListAsync(ResourceKinds.UpdatePolicy, null, null, CancellationToken.None)).Items);
    }

    [KubectlFact]
    public async Task Deleting_a_file_with_a_namespace_and_its_services_deletes_them_all()
    {
        foreach (var version in Installed)
        {
            var app = _host.Write("app.yaml", Namespace("media") + "---\n" + Service("jellyfin", "media") + "---\n" + Service("sonarr", "media"));
            Ok(await K(version, "apply", "-f", app));

            var deleted = Ok(await K(version, "delete", "-f", app));

            // kubectl waits for each object to be gone before it returns, the namespace included.
            Assert.Contains("namespace.homelab.dev \"media\" deleted", deleted.Out, StringComparison.Ordinal);
            Assert.Contains("service.homelab.dev \"sonarr\" deleted", deleted.Out, StringComparison.Ordinal);
            Assert.Empty((await _host.Daemon.Client().ListAsync(ResourceKinds.Service, "media", null, CancellationToken.None)).Items);
            Assert.DoesNotContain((await _host.Daemon.Client().ListAsync(ResourceKinds.Namespace, null, null, CancellationToken.None)).Items, n => (string?)n["metadata"]!["name"] == "media");
        }

        Ok(await Hl("apply", "-f", _host.Write("again.yaml", Namespace("media") + "---\n" + Service("jellyfin", "media"))));
        Ok(await K(Installed.First(), "get", "ns", "media"));
        Ok(await Hl("delete", "ns", "media"));
        Assert.Empty((await _host.Daemon.Client().ListAsync(ResourceKinds.Service, "media", null, CancellationToken.None)).Items);
        Assert.DoesNotContain((await _host.Daemon.Client().ListAsync(ResourceKinds.Namespace, null, null, CancellationToken.None)).Items, n => (string?)n["metadata"]!["name"] == "media");
    }

    [KubectlFact]
    public async Task Reads_answer_as_kube_apiserver_does()
    {
        Ok(await Hl("apply", "-f", _host.Write("base.yaml", Namespace("media") + "---\n" + Service("web", image: "127.0.0.1:5000/zeta:1") + "---\n" + Service("db", "media", image: "127.0.0.1:5000/alpha:1"))));
        foreach (var version in Installed)
        {
            Refused(await K(version, "get", "svc", "nope", "-n", "media"), "services.homelab.dev \"nope\" not found");
            Refused(await K(version, "get", "svc", "nope", "-n", "ghost"), "namespaces \"ghost\" not found");

            var sorted = Ok(await K(version, "get", "svc", "-A", "--sort-by=.spec.image", "--no-headers")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["db", "web"], sorted.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));

            var labels = Ok(await K(version, "get", "ns", "media", "--show-labels")).Out.Split('\n')[0];
            Assert.Equal(["NAME", "STATUS", "AGE", "LABELS"], labels.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            var explained = Ok(await K(version, "explain", "services.homelab.dev.metadata.labels"));
            Assert.Contains("labels", explained.Out, StringComparison.Ordinal);
            Assert.Contains("Map of string keys and values", explained.Out, StringComparison.Ordinal);

            Assert.Equal("ok", Ok(await K(version, "get", "--raw", "/readyz")).Out.Trim());
            Assert.Equal("ok", Ok(await K(version, "get", "--raw", "/livez")).Out.Trim());

            var kubectlVersion = Ok(await K(version, "version"));
            Assert.Contains("v1.33.0+homelab.", kubectlVersion.Out, StringComparison.Ordinal);
            // kubectl warns beyond one minor of skew: 1.32 is within it, 1.27 is not (README says so).
            Assert.Equal(version == "1.27", (kubectlVersion.Out + kubectlVersion.Err).Contains("exceeds the supported minor version skew", StringComparison.Ordinal));
        }
    }

    [KubectlFact]
    public async Task Replace_of_a_missing_object_is_not_found_and_generate_name_makes_one()
    {
        foreach (var version in Installed)
        {
            Refused(await K(version, "replace", "-f", _host.Write("ghost.yaml", Service("ghost"))), "services.homelab.dev \"ghost\" not found");
            Assert.Null(await StoredServiceAsync("ghost"));

            var generated = _host.Write("generated.yaml", Service("x").Replace("  name: x\n", "  generateName: web-\n", StringComparison.Ordinal));
            var created = Ok(await K(version, "create", "-f", generated));

            Assert.Matches(@"^service\.homelab\.dev/web-[bcdfghjklmnpqrstvwxz2456789]{5} created$", created.Out.Trim());
            var name = created.Out.Trim().Split('/')[1].Split(' ')[0];
            Assert.Equal("web-", (string?)(await StoredServiceAsync(name))!["metadata"]!["generateName"]);
        }
    }

    [KubectlFact]
    public async Task Json_patch_and_field_validation_ignore_and_warn_write_what_they_say()
    {
        Ok(await Hl("apply", "-f", _host.Write("base.yaml", Service("web"))));
        foreach (var version in Installed)
        {
            var before = (await StoredServiceAsync("web"))!;
            var port = 8000 + int.Parse(version.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
            Ok(await K(version, "patch", "svc", "web", "--type=json", "-p", $$"""[{"op":"add","path":"/metadata/labels/patched","value":"{{version}}"},{"op":"replace","path":"/spec/ports/0/containerPort","value":{{port}}}]"""));
            var patched = (await StoredServiceAsync("web"))!;
            Assert.Equal(version, (string?)patched["metadata"]!["labels"]!["patched"]);
            Assert.Equal(port, (int)patched["spec"]!["ports"]![0]!["containerPort"]!);
            Assert.True(long.Parse((string)patched["metadata"]!["resourceVersion"]!) > long.Parse((string)before["metadata"]!["resourceVersion"]!));

            var failing = await K(version, "patch", "svc", "web", "--type=json", "-p", """[{"op":"test","path":"/spec/image","value":"other"},{"op":"remove","path":"/spec/ports"}]""");
            Assert.NotEqual(0, failing.ExitCode);
            Assert.Equal(patched.ToJsonString(), (await StoredServiceAsync("web"))!.ToJsonString());

            var unknown = _host.Write("unknown.yaml", Service("loose", extra: "  bogus: 1\n  ports2: []\n"));
            Refused(await K(version, "apply", "-f", unknown, "--validate=strict"), "bogus");
            Assert.Null(await StoredServiceAsync("loose"));

            var warned = Ok(await K(version, "apply", "-f", unknown, "--validate=warn"));
            Assert.Contains("Warning: unknown field \"spec.bogus\"", warned.Err, StringComparison.Ordinal);
            Assert.Contains("Warning: unknown field \"spec.ports2\"", warned.Err, StringComparison.Ordinal);
            var stored = (await StoredServiceAsync("loose"))!;
            Assert.Null(stored["spec"]!["bogus"]);

            var ignored = Ok(await K(version, "apply", "-f", _host.Write("ignored.yaml", Service("quiet", extra: "  bogus: 1\n")), "--validate=false"));
            Assert.DoesNotContain("Warning", ignored.Err, StringComparison.Ordinal);
            Assert.NotNull(await StoredServiceAsync("quiet"));
            Ok(await K(version, "delete", "svc", "loose", "quiet"));
        }
    }
}
