using System.Diagnostics;
using System.Text.Json.Nodes;
using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// Debian's Prometheus (package prometheus; tests/run.sh installs it) scraping a real homelabd over TLS on loopback with
/// the scrape job `hlctl dashboard --scrape-files` prints: its bearer token file and CA file, nothing hand-made.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private const string PrometheusPath = "/usr/bin/prometheus";
    private const string PromtoolPath = "/usr/bin/promtool";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly InstanceDaemon _host = InstanceDaemon.WithoutControllers("hltest-prometheus-", "--listen", $"127.0.0.1:{Kubectl.FreePort()}");
    private readonly HttpClient _http = new();
    private readonly System.Text.StringBuilder _prometheusLog = new();
    private Process? _prometheus;

    private string PrometheusLog
    {
        get
        {
            lock (_prometheusLog)
            {
                return _prometheusLog.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(PrometheusPath), $"{PrometheusPath} is missing: apt-get install --no-install-recommends prometheus");
        await _host.Daemon.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill(entireProcessTree: true);
            await _prometheus.WaitForExitAsync();
        }
        _prometheus?.Dispose();
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Prometheus_scrapes_homelabd_with_the_printed_job_and_sees_it_up_with_its_service_metrics()
    {
        var manifest = Path.Combine(_host.Dir, "web.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: homelab.dev/v1alpha1
            kind: Service
            metadata: {name: web, namespace: default}
            spec: {image: 127.0.0.1:5000/busybox:latest}
            """);
        var applied = await _host.Hl("apply", "-f", manifest);
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var printed = await _host.Hl("dashboard", "--scrape-files", Path.Combine(_host.Dir, "scrape"));
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_host.Dir, "scrape", "homelab-token")));
        var job = printed.Out[printed.Out.IndexOf("- job_name: homelabd", StringComparison.Ordinal)..];
        var config = Path.Combine(_host.Dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n" + job);
        var check = await Run(PromtoolPath, "check", "config", config);
        Assert.True(check.ExitCode == 0, check.ToString());

        var port = Kubectl.FreePort();
        _prometheus = StartPrometheus(config, port);
        var api = $"http://127.0.0.1:{port}/api/v1/query?query=";

        try
        {
            await FirstSampleAsync(api + Uri.EscapeDataString("up{job=\"homelabd\"}"), value => value == "1");
        }
        catch (TimeoutException)
        {
            Assert.Fail("homelabd is not up in Prometheus; its targets:\n" + await _http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/targets"));
        }
        var info = await FirstSampleAsync(api + Uri.EscapeDataString("homelab_service_info{job=\"homelabd\",namespace=\"default\",service=\"web\"}"), value => value == "1");
        Assert.Equal("1", info);
        var revision = await FirstSampleAsync(api + Uri.EscapeDataString("homelab_store_revision{job=\"homelabd\"}"), value => long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private Process StartPrometheus(string config, int port)
    {
        var info = new ProcessStartInfo(PrometheusPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(_host.Dir, "tsdb"), $"--web.listen-address=127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        // Drained so a chatty Prometheus never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Log(string? line)
    {
        lock (_prometheusLog)
        {
            _prometheusLog.AppendLine(line);
        }
    }

    /// <summary>The value of the query's first sample once <paramref name="accept"/> takes it (Prometheus answers nothing until it has scraped).</summary>
    private async Task<string> FirstSampleAsync(string url, Func<string, bool> accept)
    {
        string? value = null;
        await Eventually.TrueAsync(async () =>
        {
            if (_prometheus!.HasExited)
            {
                Assert.Fail($"prometheus exited with {_prometheus.ExitCode}:\n{PrometheusLog}");
            }
            try
            {
                var answer = JsonNode.Parse(await _http.GetStringAsync(url))!;
                value = answer["data"]?["result"]?.AsArray().FirstOrDefault()?["value"]?[1]?.GetValue<string>();
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
                return false;
            }
            return value is not null && accept(value);
        }, Patience);
        return value!;
    }

    private static Task<ProcessResult> Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return ProgramUnderTest.RunAsync(info, program, TimeSpan.FromSeconds(60));
    }
}
