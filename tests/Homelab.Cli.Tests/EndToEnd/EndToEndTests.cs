using System.Diagnostics;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>The real hlctl against a real homelabd, each test with its own daemon and data directory.</summary>
[Trait("Category", "EndToEnd")]
public sealed class EndToEndTests : IAsyncLifetime
{
    private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-cli-");

    public Task InitializeAsync() => _host.Daemon.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => _host.Hl(args);

    private static string Service(string name, string image = "nginx:1.27", int port = 80, string ns = "default") => $"""
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: {name}
          namespace: {ns}
          labels: {"{"}app: {name}{"}"}
        spec:
          image: {image}
          ports:
            - containerPort: {port}
        """;

    private static string Namespace(string name) => $"apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata:\n  name: {name}\n";

    [Fact]
    public async Task Kubeconfig_of_a_daemon_without_listen_says_how_to_start_one()
    {
        var kubeconfig = await Hl("kubeconfig");

        Assert.NotEqual(0, kubeconfig.ExitCode);
        Assert.Equal("", kubeconfig.Out);
        Assert.Contains("start it with --listen 127.0.0.1:6443", kubeconfig.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_creates_then_is_unchanged_without_moving_the_revision_then_configures_an_edit()
    {
        var file = _host.Write("app.yaml", Namespace("media") + "---\n" + Service("web") + "\n---\n" + Service("db", ns: "media"));

        var created = await Hl("apply", "-f", file);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("namespace/media created\nservice/web created\nservice/db created\n", created.Out);

        var revision = await _host.Daemon.RevisionAsync();
        var again = await Hl("apply", "-f", file);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("namespace/media unchanged\nservice/web unchanged\nservice/db unchanged\n", again.Out);
        Assert.Equal(revision, await _host.Daemon.RevisionAsync());

        _host.Write("app.yaml", Namespace("media") + "---\n" + Service("web", image: "nginx:1.28") + "\n---\n" + Service("db", ns: "media"));
        var edited = await Hl("apply", "-f", file);
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Equal("namespace/media unchanged\nservice/web configured\nservice/db unchanged\n", edited.Out);
        var image = await Hl("get", "svc", "web", "-o", "json");
        Assert.Equal("nginx:1.28", JsonText.String(JsonNode.Parse(image.Out)!["spec"]!["image"]));
    }

    [Fact]
    public async Task Dry_runs_print_the_outcome_and_store_nothing()
    {
        var file = _host.Write("web.yaml", Service("web"));
        var revision = await _host.Daemon.RevisionAsync();

        var client = await Hl("apply", "-f", file, "--dry-run=client");
        var server = await Hl("apply", "-f", file, "--dry-run=server");

        Assert.Equal("service/web created (dry run)\n", client.Out);
        Assert.True(server.ExitCode == 0, server.ToString());
        Assert.Equal("service/web created (server dry run)\n", server.Out);
        Assert.Equal(revision, await _host.Daemon.RevisionAsync());
    }

    [Fact]
    public async Task Security_levels_refuse_with_field_paths_warn_on_stderr_and_judge_server_dry_runs_alike()
    {
        var privileged = _host.Write("privileged.yaml", Service("root") + "\n  securityContext: {privileged: true}\n  devices: [{hostPath: /dev/sda}]\n");
        var revision = await _host.Daemon.RevisionAsync();

        var dryRun = await Hl("apply", "-f", privileged, "--dry-run=server");
        var refused = await Hl("apply", "-f", privileged);

        foreach (var result in new[] { dryRun, refused })
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("privileged.yaml", result.Err, StringComparison.Ordinal);
            Assert.Contains("spec.securityContext.privileged", result.Err, StringComparison.Ordinal);
            Assert.Contains("baseline/privileged", result.Err, StringComparison.Ordinal);
            Assert.Contains("spec.devices[0].hostPath", result.Err, StringComparison.Ordinal);
        }
        Assert.Equal(revision, await _host.Daemon.RevisionAsync());

        var warned = _host.Write("warned.yaml", Namespace("data").TrimEnd() + "\n  labels: {homelab.dev/warn: restricted}\n---\n" + Service("db", ns: "data"));
        var applied = await Hl("apply", "-f", warned);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal("namespace/data created\nservice/db created\n", applied.Out);
        Assert.Contains("Warning: service \"db\" would violate security level \"restricted\" of namespace data: spec.securityContext.runAsUser", applied.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_example_homelab_passes_the_default_level_only_with_its_two_allowances()
    {
        var examples = Path.Combine(Homelab.TestKit.PodmanHostFixture.RepositoryRoot(), "examples");

        var clean = await Hl("apply", "-R", "-f", examples, "--dry-run=server");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.DoesNotContain("Warning", clean.Err, StringComparison.Ordinal);

        var copy = Path.Combine(_host.Dir, "examples");
        foreach (var file in Directory.EnumerateFiles(examples, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(examples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, File.ReadAllText(file).Replace("annotations: {homelab.dev/allowed-devices: /dev/ttyACM0}", "", StringComparison.Ordinal));
        }
        var withoutDevices = await Hl("apply", "-R", "-f", copy, "--dry-run=server");

        Assert.True(withoutDevices.ExitCode == 1, withoutDevices.ToString());
        Assert.Contains("home-assistant.yaml (document 1", withoutDevices.Err, StringComparison.Ordinal);
        Assert.Contains("spec.devices[0].hostPath: device /dev/ttyACM0 is not allowed", withoutDevices.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_exits_zero_without_changes_and_one_with_a_unified_diff_of_the_change()
    {
        var file = _host.Write("web.yaml", Service("web"));
        Assert.Equal(0, (await Hl("apply", "-f", file)).ExitCode);

        var none = await Hl("diff", "-f", file);
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal("", none.Out);

        _host.Write("web.yaml", Service("web", image: "nginx:1.28"));
        var changed = await Hl("diff", "-f", file);
        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.Contains("--- LIVE/homelab.dev.v1alpha1.Service.default.web", changed.Out, StringComparison.Ordinal);
        Assert.Contains("-  image: nginx:1.27\n", changed.Out, StringComparison.Ordinal);
        Assert.Contains("+  image: nginx:1.28\n", changed.Out, StringComparison.Ordinal);

        var broken = await Hl("diff", "-f", _host.Write("broken.yaml", "kind: [\n"));
        Assert.True(broken.ExitCode > 1, broken.ToString());
    }

    [Fact]
    public async Task Get_prints_tables_yaml_json_wide_and_names()
    {
        Assert.Equal(0, (await Hl("apply", "-f", _host.Write("a.yaml", Service("web") + "\n---\n" + Service("api", port: 8080)))).ExitCode);

        var table = await Hl("get", "svc");
        Assert.Matches(@"^NAME   IMAGE        READY   STATUS    RESTARTS   PORTS      AGE\n", table.Out);
        Assert.Matches(@"\napi    nginx:1\.27   0/1     Pending   0          8080/TCP   \d+s\n", table.Out);

        var wide = await Hl("get", "services", "-o", "wide");
        Assert.Contains("PRIVILEGES", wide.Out, StringComparison.Ordinal);
        Assert.Contains("   none\n", wide.Out, StringComparison.Ordinal);

        var names = await Hl("get", "service", "-o", "name");
        Assert.Equal("service/api\nservice/web\n", names.Out);

        var list = JsonNode.Parse((await Hl("get", "svc", "-o", "json")).Out)!;
        Assert.Equal("List", JsonText.String(list["kind"]));
        Assert.Equal(2, list["items"]!.AsArray().Count);

        var yaml = await Hl("get", "svc", "web", "-o", "yaml");
        Assert.StartsWith("apiVersion: homelab.dev/v1alpha1\nkind: Service\nmetadata:\n", yaml.Out, StringComparison.Ordinal);
        Assert.Contains("  image: nginx:1.27\n", yaml.Out, StringComparison.Ordinal);

        var byLabel = await Hl("get", "svc", "-l", "app=api", "-o", "name");
        Assert.Equal("service/api\n", byLabel.Out);

        var all = await Hl("get", "svc", "-A");
        Assert.StartsWith("NAMESPACE   NAME", all.Out, StringComparison.Ordinal);

        var empty = await Hl("get", "netpol");
        Assert.Equal("", empty.Out);
        Assert.Equal("No resources found in default namespace.\n", empty.Err);

        // As kubectl: an empty List on stdout, nothing on stderr.
        var emptyJson = await Hl("get", "netpol", "-o", "json");
        Assert.Equal("List", JsonNode.Parse(emptyJson.Out)!["kind"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(emptyJson.Out)!["items"]!.AsArray());
        Assert.Equal("", emptyJson.Err);
        Assert.Contains("items: []", (await Hl("get", "netpol", "-o", "yaml")).Out, StringComparison.Ordinal);

        var missing = await Hl("get", "svc", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("services \"nope\" not found", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_deletes_only_members_of_the_applyset_that_left_the_files()
    {
        Assert.Equal(0, (await Hl("apply", "-f", _host.Write("other.yaml", Service("unrelated")))).ExitCode);
        Assert.Equal(0, (await Hl("apply", "-f", _host.Write("other-set.yaml", Service("elsewhere")), "--applyset", "other")).ExitCode);
        var set = _host.Write("set.yaml", Service("web") + "\n---\n" + Service("old"));
        Assert.Equal(0, (await Hl("apply", "-f", set, "--prune", "--applyset", "home")).ExitCode);

        _host.Write("set.yaml", Service("web"));
        var pruned = await Hl("apply", "-f", set, "--prune", "--applyset", "home");

        Assert.True(pruned.ExitCode == 0, pruned.ToString());
        Assert.Equal("service/web unchanged\nservice/old pruned\n", pruned.Out);
        Assert.Equal("service/elsewhere\nservice/unrelated\nservice/web\n", (await Hl("get", "svc", "-o", "name")).Out);
    }

    [Fact]
    public async Task Delete_by_name_and_by_file()
    {
        var file = _host.Write("a.yaml", Service("web") + "\n---\n" + Service("api"));
        Assert.Equal(0, (await Hl("apply", "-f", file)).ExitCode);

        var byName = await Hl("delete", "svc", "web", "--purge-volumes");
        Assert.True(byName.ExitCode == 0, byName.ToString());
        Assert.Equal("service \"web\" deleted\n", byName.Out);

        var byFile = await Hl("delete", "-f", file, "--ignore-not-found");
        Assert.True(byFile.ExitCode == 0, byFile.ToString());
        Assert.Equal("service \"api\" deleted\n", byFile.Out);

        var again = await Hl("delete", "service", "web");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("services \"web\" not found", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_by_file_waits_for_finalizers_before_it_deletes_the_namespace()
    {
        var file = _host.Write("lab.yaml", Namespace("lab") + "---\n" + Service("web", ns: "lab"));
        Assert.Equal(0, (await Hl("apply", "-f", file)).ExitCode);
        // A finalizer only this test removes stands in for the Service controller removing the container.
        var web = ApiPaths.For(ResourceKinds.Service, "lab", "web");
        using var client = _host.Daemon.Client();
        await client.MergePatchAsync(web, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray("test.homelab.dev/hold") } }, CancellationToken.None);

        var deleting = Hl("delete", "-f", file, "--timeout=60s");
        for (var i = 0; i < 200 && (await client.TryGetAsync(web, CancellationToken.None))?["metadata"]?["deletionTimestamp"] is null; i++)
        {
            await Task.Delay(50);
        }
        await Task.Delay(500);
        Assert.False(deleting.IsCompleted, "delete returned while the Service was still finalizing");
        await client.MergePatchAsync(web, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = new JsonArray() } }, CancellationToken.None);

        var deleted = await deleting;
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("service \"web\" deleted\nnamespace \"lab\" deleted\n", deleted.Out);
        Assert.Null(await client.TryGetAsync(ApiPaths.For(ResourceKinds.Namespace, null, "lab"), CancellationToken.None));
    }

    [Fact]
    public async Task Another_writers_change_to_a_field_the_file_did_not_change_survives_re_apply()
    {
        var file = _host.Write("web.yaml", Service("web"));
        Assert.Equal(0, (await Hl("apply", "-f", file)).ExitCode);
        var pinned = "nginx:1.27@sha256:" + new string('b', 64);
        using (var client = _host.Daemon.Client())
        {
            var patch = new JsonObject { ["spec"] = new JsonObject { ["image"] = pinned } };
            await client.MergePatchAsync(ApiPaths.For(ResourceKinds.Service, "default", "web"), patch, CancellationToken.None);
        }

        var again = await Hl("apply", "-f", file);

        Assert.Equal("service/web unchanged\n", again.Out);
        Assert.Contains(pinned, (await Hl("get", "svc", "web", "-o", "yaml")).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("syntax", "YAML syntax error")]
    [InlineData("unknown-field", "spec.imagee: unknown field")]
    [InlineData("invalid-port", "spec.ports[0].containerPort")]
    public async Task Bad_input_fails_naming_file_document_and_field_and_changes_nothing(string problem, string expected)
    {
        var bad = problem switch
        {
            "syntax" => "apiVersion: homelab.dev/v1alpha1\nkind: Service\nmetadata: {name: bad\n",
            "unknown-field" => Service("bad").Replace("  image:", "  imagee: x\n  image:", StringComparison.Ordinal),
            _ => Service("bad", port: 70000),
        };
        var file = _host.Write("mixed.yaml", Service("good") + "\n---\n" + bad);
        var revision = await _host.Daemon.RevisionAsync();

        var result = await Hl("apply", "-f", file);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"{file} (document 2", result.Err, StringComparison.Ordinal);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.Equal(revision, await _host.Daemon.RevisionAsync());
        Assert.Equal(1, (await Hl("get", "svc", "good")).ExitCode);
    }

    [Fact]
    public async Task Objects_survive_a_daemon_restart()
    {
        Assert.Equal(0, (await Hl("apply", "-f", _host.Write("web.yaml", Service("web")))).ExitCode);

        await _host.Daemon.StopAsync();
        await _host.Daemon.StartAsync();

        Assert.Equal("service/web\n", (await Hl("get", "svc", "-o", "name")).Out);
        Assert.Equal("service/web unchanged\n", (await Hl("apply", "-f", Path.Combine(_host.Dir, "web.yaml"))).Out);
    }

    [Fact]
    public async Task Get_watch_prints_a_change_made_by_another_hlctl()
    {
        Assert.Equal(0, (await Hl("apply", "-f", _host.Write("web.yaml", Service("web")))).ExitCode);
        using var watcher = Process.Start(Hlctl.StartInfo(_host.Daemon.Socket, ["get", "svc", "--watch"]))!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Assert.StartsWith("NAME", await watcher.StandardOutput.ReadLineAsync(deadline.Token), StringComparison.Ordinal);
            Assert.StartsWith("web ", await watcher.StandardOutput.ReadLineAsync(deadline.Token), StringComparison.Ordinal);

            Assert.Equal(0, (await Hl("apply", "-f", _host.Write("api.yaml", Service("api")))).ExitCode);

            var line = await watcher.StandardOutput.ReadLineAsync(deadline.Token);
            Assert.StartsWith("api ", line, StringComparison.Ordinal);
        }
        finally
        {
            watcher.Kill(entireProcessTree: true);
            await watcher.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Wait_times_out_on_a_condition_nobody_sets_and_returns_once_the_object_is_deleted()
    {
        Assert.Equal(0, (await Hl("apply", "-f", _host.Write("web.yaml", Service("web")))).ExitCode);

        var ready = await Hl("wait", "--for=condition=Ready", "service/web", "--timeout=1s");
        Assert.Equal(1, ready.ExitCode);
        Assert.Contains("timed out waiting for the condition on services/web", ready.Err, StringComparison.Ordinal);

        var waiting = Hl("wait", "--for=delete", "svc/web", "--timeout=60s");
        Assert.Equal(0, (await Hl("delete", "svc", "web")).ExitCode);
        var deleted = await waiting;
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("service/web deleted\n", deleted.Out);
    }

    [Fact]
    public async Task Describe_shows_identity_spec_conditions_and_events_without_the_last_applied_annotation()
    {
        Assert.Equal(0, (await Hl("apply", "-f", _host.Write("web.yaml", Service("web")))).ExitCode);

        var describe = await Hl("describe", "svc", "web");

        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Matches(@"^Name:\s+web\nNamespace:\s+default\nLabels:\s+app=web\n", describe.Out);
        Assert.Contains("Spec:\n  Image:", describe.Out, StringComparison.Ordinal);
        Assert.Contains("Conditions:", describe.Out, StringComparison.Ordinal);
        Assert.Contains("Events:", describe.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiGroup.LastAppliedAnnotation, describe.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_of_a_service_shows_its_effective_access_per_direction()
    {
        const string policy = """
            apiVersion: homelab.dev/v1alpha1
            kind: NetworkPolicy
            metadata: {name: web-from-proxy, namespace: default}
            spec:
              serviceSelector: {matchLabels: {app: web}}
              ingress:
                - from: [{serviceSelector: {matchLabels: {app: proxy}}}]
                  ports: [{port: 80}]
            """;
        var file = _host.Write("access.yaml", Service("web") + "\n---\n" + Service("proxy") + "\n---\n" + policy);
        Assert.Equal(0, (await Hl("apply", "-f", file)).ExitCode);

        var web = await Hl("describe", "svc", "web");
        var proxy = await Hl("describe", "svc", "proxy");

        Assert.True(web.ExitCode == 0, web.ToString());
        Assert.Matches(@"Access:\n  Ingress: isolated by default/web-from-proxy\n    default/web-from-proxy ingress\[0\] +from default/proxy on TCP/80\n  Egress: +all allowed", web.Out);
        Assert.Matches(@"Access:\n  Ingress: all allowed \(no policy selects it for Ingress\)\n  Egress: +all allowed.*\n  IPv6: +none: the Service is single-stack \(ipFamilyPolicy SingleStack\) or not running; IPv6 it sends is dropped\n", proxy.Out);
    }

    [Fact]
    public async Task Version_prints_client_and_server()
    {
        var version = await Hl("version");

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Matches(@"^Client Version: \S+\nServer Version: \S+\n$", version.Out);
    }

    [Fact]
    public async Task A_stopped_daemon_is_reported_with_the_socket_and_how_to_start_it()
    {
        await _host.Daemon.StopAsync();

        var result = await Hl("get", "svc");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot connect to homelabd at {_host.Daemon.Socket}", result.Err, StringComparison.Ordinal);
        Assert.Contains("sudo homelabd --data-dir /var/lib/homelab", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }
}
