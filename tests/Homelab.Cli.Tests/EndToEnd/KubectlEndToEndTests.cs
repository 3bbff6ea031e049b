using System.Diagnostics;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// Real kubectl (1.32, and 1.28 for the basic flow) against a real homelabd over TLS with the credential from
/// `hlctl kubeconfig`: what kubectl prints, and what the store then holds, read back through hlctl.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KubectlEndToEndTests : IAsyncLifetime
{
    private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-kubectl-", "--listen", $"127.0.0.1:{Kubectl.FreePort()}");
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        await _host.Daemon.StartAsync();
        _kubeconfig = await _host.KubeconfigAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ProcessResult> Hl(params string[] args) => _host.Hl(args);

    private Task<ProcessResult> K(params string[] args) => new Kubectl(Kubectl.PathOf("1.32"), _kubeconfig).RunAsync(args);

    private static string Service(string name, int port = 80, string ns = "default", string tier = "front") => $"""
        apiVersion: homelab.dev/v1alpha1
        kind: Service
        metadata:
          name: {name}
          namespace: {ns}
          labels: {"{"}app: {name}, tier: {tier}{"}"}
        spec:
          image: 127.0.0.1:5000/busybox:latest
          ports:
            - containerPort: {port}
        """;

    private static ProcessResult Ok(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>A table's cells, row by row, without the AGE column (its value moves between two commands).</summary>
    private static List<string> CellsWithoutAge(string table)
    {
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var age = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), "AGE");
        return [.. lines.Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i != age)))];
    }

    [KubectlFact]
    public async Task A_request_without_the_token_is_unauthorized_and_one_with_it_is_served()
    {
        var wrong = _host.Write("wrong-kubeconfig", File.ReadAllText(_kubeconfig).Replace("token: ", "token: x", StringComparison.Ordinal));
        var refused = await new Kubectl(Kubectl.PathOf("1.32"), wrong).RunAsync("get", "svc");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("You must be logged in to the server", refused.Err, StringComparison.Ordinal);

        var version = Ok(await K("version"));
        Assert.Contains("Server Version: v", version.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_host.Daemon.DataDir, "kubernetes", "admin.token")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_host.Daemon.DataDir, "kubernetes", "ca.key")));
    }

    [KubectlFact]
    public async Task Apply_then_get_prints_what_hlctl_prints_in_every_format()
    {
        Ok(await Hl("apply", "-f", _host.Write("ns.yaml", "apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata:\n  name: media\n")));
        var file = _host.Write("app.yaml", Service("web") + "\n---\n" + Service("db", 5432, "media", tier: "back"));

        var applied = Ok(await K("apply", "-f", file));
        Assert.Contains("service.homelab.dev/web created", applied.Out, StringComparison.Ordinal);
        Assert.Contains("service.homelab.dev/db created", applied.Out, StringComparison.Ordinal);
        var stored = await _host.Daemon.Client().ListAsync(ResourceKinds.Service, null, null, CancellationToken.None);
        Assert.Equal(["db", "web"], stored.Items.Select(i => i["metadata"]!["name"]!.GetValue<string>()).Order());

        foreach (var args in new[] { new[] { "get", "svc", "-A" }, ["get", "svc", "-A", "-o", "wide"], ["get", "svc", "-n", "media"], ["get", "svc", "-A", "-l", "tier=front"], ["get", "ns"] })
        {
            var kubectl = Ok(await K(args));
            var hlctl = Ok(await Hl(args));
            Assert.Equal(CellsWithoutAge(hlctl.Out), CellsWithoutAge(kubectl.Out));
        }
        var labels = Ok(await K("get", "svc", "web", "--show-labels"));
        Assert.Contains("app=web,tier=front", labels.Out, StringComparison.Ordinal);

        var yaml = Ok(await K("get", "svc", "web", "-o", "yaml"));
        Assert.Contains("containerPort: 80", yaml.Out, StringComparison.Ordinal);
        var json = JsonNode.Parse(Ok(await K("get", "svc", "-A", "-o", "json")).Out)!;
        Assert.Equal(2, json["items"]!.AsArray().Count);
        var empty = JsonNode.Parse(Ok(await K("get", "netpol", "-A", "-o", "json")).Out)!;
        Assert.Equal("List", empty["kind"]!.GetValue<string>());
        Assert.Empty(empty["items"]!.AsArray());

        var all = Ok(await K("get", "homelab", "-A"));
        Assert.Contains("service.homelab.dev/web", all.Out, StringComparison.Ordinal);
        Assert.Contains("namespace.homelab.dev/media", all.Out, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Diff_is_a_dry_run_with_kubectl_exit_codes_and_apply_configures_a_change()
    {
        var file = _host.Write("web.yaml", Service("web"));
        Ok(await K("apply", "-f", file));
        var revision = await _host.Daemon.RevisionAsync();

        Assert.Equal(0, (await K("diff", "-f", file)).ExitCode);
        var changed = _host.Write("web2.yaml", Service("web", port: 8080));
        var diff = await K("diff", "-f", changed);
        Assert.True(diff.ExitCode == 1, diff.ToString());
        Assert.Contains("+  - containerPort: 8080", diff.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("+  generation:", diff.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("+  resourceVersion:", diff.Out, StringComparison.Ordinal);
        Assert.Equal(revision, await _host.Daemon.RevisionAsync());

        Assert.Contains("service.homelab.dev/web configured", Ok(await K("apply", "-f", changed)).Out, StringComparison.Ordinal);
        var web = await _host.Daemon.Client().GetAsync(ApiPaths.For(ResourceKinds.Service, "default", "web"), CancellationToken.None);
        Assert.Equal(8080, web["spec"]!["ports"]![0]!["containerPort"]!.GetValue<int>());
        Assert.Equal(2, web["metadata"]!["generation"]!.GetValue<long>());
        // kubectl's JSON merge patch repeats whole lists (ports), so it says "configured"; the store sees no change.
        revision = await _host.Daemon.RevisionAsync();
        Ok(await K("apply", "-f", changed));
        Assert.Equal(revision, await _host.Daemon.RevisionAsync());
    }

    [KubectlFact]
    public async Task Wait_for_ready_and_for_delete_then_the_store_is_empty()
    {
        var file = _host.Write("web.yaml", Service("web"));
        Ok(await K("apply", "-f", file));
        var waiting = K("wait", "--for=condition=Ready", "svc/web", "--timeout=30s");
        await Task.Delay(500);
        using (var client = _host.Daemon.Client())
        {
            await client.MergePatchAsync(ApiPaths.Status(ResourceKinds.Service, "default", "web"), new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "Ready", ["status"] = "True", ["reason"] = "Running", ["observedGeneration"] = 1,
                        ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    }),
                },
            }, CancellationToken.None);
        }
        Assert.Contains("service.homelab.dev/web condition met", Ok(await waiting).Out, StringComparison.Ordinal);
        Assert.Contains("1/1", Ok(await K("get", "svc", "web")).Out, StringComparison.Ordinal);

        Assert.Contains("service.homelab.dev \"web\" deleted", Ok(await K("delete", "-f", file, "--cascade=foreground")).Out, StringComparison.Ordinal);
        Ok(await K("wait", "--for=delete", "svc/web", "--timeout=10s"));
        Assert.Empty((await _host.Daemon.Client().ListAsync(ResourceKinds.Service, null, null, CancellationToken.None)).Items);
    }

    [KubectlFact]
    public async Task Get_watch_prints_a_row_for_a_change()
    {
        Ok(await K("apply", "-f", _host.Write("web.yaml", Service("web"))));
        using var watch = Process.Start(new Kubectl(Kubectl.PathOf("1.32"), _kubeconfig).StartInfo(["get", "svc", "-w"]))!;
        var lines = new List<string>();
        var seen = new TaskCompletionSource();
        watch.OutputDataReceived += (_, e) =>
        {
            lock (lines)
            {
                if (e.Data is not null)
                {
                    lines.Add(e.Data);
                }
                if (lines.Count(l => l.StartsWith("web ", StringComparison.Ordinal)) >= 2 && lines.Any(l => l.Contains("8080/TCP", StringComparison.Ordinal)))
                {
                    seen.TrySetResult();
                }
            }
        };
        watch.BeginOutputReadLine();
        await Task.Delay(1000);
        Ok(await K("apply", "-f", _host.Write("web2.yaml", Service("web", port: 8080))));
        var done = await Task.WhenAny(seen.Task, Task.Delay(TimeSpan.FromSeconds(15)));
        watch.Kill(entireProcessTree: true);
        lock (lines)
        {
            Assert.True(done == seen.Task, string.Join('\n', lines));
            Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        }
    }

    [KubectlFact]
    public async Task Explain_and_api_resources_come_from_the_served_schemas()
    {
        var explain = Ok(await K("explain", "service.spec"));
        Assert.Contains("KIND:       Service", explain.Out, StringComparison.Ordinal);
        Assert.Contains("image\t<string>", explain.Out, StringComparison.Ordinal);

        var resources = Ok(await K("api-resources"));
        foreach (var kind in ResourceKinds.All)
        {
            Assert.Contains(kind.Plural, resources.Out, StringComparison.Ordinal);
        }
        var strict = await K("apply", "-f", _host.Write("typo.yaml", Service("web").Replace("  image:", "  imagee: x\n  image:", StringComparison.Ordinal)));
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("imagee", strict.Err, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task A_secret_applied_by_kubectl_keeps_no_value_in_its_last_applied_annotation()
    {
        const string password = "s3cret-Value-42";
        var file = _host.Write("secret.yaml", $"""
            apiVersion: homelab.dev/v1alpha1
            kind: Secret
            metadata:
              name: db
              namespace: default
            stringData:
              password: {password}
            """);

        Ok(await K("apply", "-f", file));

        var stored = await _host.Daemon.Client().GetAsync(ApiPaths.For(ResourceKinds.Secret, "default", "db"), CancellationToken.None);
        var annotation = stored["metadata"]!["annotations"]![Api.ApiGroup.KubectlLastAppliedAnnotation]!.GetValue<string>();
        Assert.DoesNotContain(password, annotation, StringComparison.Ordinal);
        Assert.Equal("""{"password":""}""", JsonNode.Parse(annotation)!["data"]!.ToJsonString());
        Assert.Contains("db     Opaque   1      ", Ok(await K("get", "secrets")).Out, StringComparison.Ordinal);
    }

    [KubectlFact("1.28")]
    public async Task Kubectl_1_28_applies_gets_and_deletes()
    {
        var kubectl = new Kubectl(Kubectl.PathOf("1.28"), _kubeconfig);
        var file = _host.Write("web.yaml", Service("web"));
        Assert.Contains("created", Ok(await kubectl.RunAsync("apply", "-f", file)).Out, StringComparison.Ordinal);
        Assert.Equal(CellsWithoutAge(Ok(await Hl("get", "svc", "-A")).Out), CellsWithoutAge(Ok(await kubectl.RunAsync("get", "svc", "-A")).Out));
        Ok(await kubectl.RunAsync("delete", "-f", file));
        Ok(await kubectl.RunAsync("wait", "--for=delete", "svc/web", "--timeout=10s"));
        Assert.Empty((await _host.Daemon.Client().ListAsync(ResourceKinds.Service, null, null, CancellationToken.None)).Items);
    }
}
