using System.Diagnostics;
using System.Net;
using Homelab.TestKit;

namespace Homelab.Registry.Tests.Integration;

/// <summary>
/// A real <c>docker-registry</c> (distribution) on a free 127.0.0.1 port with its own temp config and storage, plus
/// helpers that build tiny images (busybox-static rootfs + <c>podman import</c>) and push them. Disposing stops the
/// registry, removes every image it built and deletes the temp directory, whatever happened in the test.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _dir;
    private readonly List<string> _localImages = [];
    private Process? _process;
    private int _builds;

    private LocalRegistry(string dir, int port)
    {
        _dir = dir;
        Port = port;
        Namespace = "hltest-" + Guid.NewGuid().ToString("N")[..8];
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>A unique first path component, so parallel tests never see each other's repositories.</summary>
    public string Namespace { get; }

    /// <summary>registries.conf text that marks this registry insecure (plain HTTP).</summary>
    public string RegistriesConf => $"[[registry]]\nlocation = \"{Address}\"\ninsecure = true\n";

    public static async Task<LocalRegistry> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("hltest-registry-").FullName;
        var registry = new LocalRegistry(dir, Loopback.FreePort());
        try
        {
            await registry.StartProcessAsync();
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Builds an image whose content (and so digest) is unique, pushes it as <paramref name="repository"/>:<paramref name="tag"/>,
    /// returns the pushed digest. With <paramref name="signer"/> the push signs it (simple signing) with that GPG key, the
    /// signature going where registries.d's lookaside-staging for this registry says.
    /// </summary>
    public async Task<string> PushNewAsync(string repository, string tag, GpgSigner? signer = null)
    {
        var name = Reference(repository, tag);
        var root = Path.Combine(_dir, "rootfs-" + Interlocked.Increment(ref _builds));
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.Copy(File.Exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox", Path.Combine(root, "bin", "busybox"));
        await File.WriteAllTextAsync(Path.Combine(root, "build-id"), Guid.NewGuid().ToString());
        var tar = root + ".tar";
        await RunAsync("tar", "-C", root, "-cf", tar, ".");
        _localImages.Add(name);
        // A new build under a name already used would leave the earlier image behind untagged: let it go first.
        await RunAsync("podman", "rmi", "--ignore", name);
        await RunAsync("podman", "import", "--quiet", tar, name);
        return await PushAsync(name, signer);
    }

    /// <summary>Pushes an image already pushed under <paramref name="fromTag"/> again under <paramref name="tag"/> (same digest).</summary>
    public async Task<string> TagAsync(string repository, string fromTag, string tag)
    {
        var name = Reference(repository, tag);
        _localImages.Add(name);
        await RunAsync("podman", "tag", Reference(repository, fromTag), name);
        return await PushAsync(name);
    }

    public string Reference(string repository, string tag) => $"{Address}/{Namespace}/{repository}:{tag}";

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(StartTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process?.Dispose();
            if (_localImages.Count > 0)
            {
                try
                {
                    await RunAsync(["podman", "rmi", "--force", "--ignore", .. _localImages]);
                }
                catch (InvalidOperationException)
                {
                    // Cleanup must not hide the test's own failure; a leftover hltest- image is harmless and named.
                }
            }
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task<string> PushAsync(string name, GpgSigner? signer = null)
    {
        var digestFile = Path.Combine(_dir, "digest-" + Interlocked.Increment(ref _builds));
        List<string> push = ["podman", "push", "--quiet", "--tls-verify=false", "--digestfile", digestFile];
        if (signer is not null)
        {
            push.AddRange(["--sign-by", signer.Identity]);
        }
        var result = await HostCommand.ExecAsync([.. push, name], signer?.Environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"podman push {name} exited {result.ExitCode}: {result.StandardError.Trim()}");
        }
        return (await File.ReadAllTextAsync(digestFile)).Trim();
    }

    private async Task StartProcessAsync()
    {
        var storage = Path.Combine(_dir, "storage");
        Directory.CreateDirectory(storage);
        var config = Path.Combine(_dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {storage}
              delete:
                enabled: true
            http:
              addr: {Address}
            """);
        var start = new ProcessStartInfo("docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}");
            }
            try
            {
                using var response = await http.GetAsync($"http://{Address}/v2/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"docker-registry did not answer on {Address} within {StartTimeout.TotalSeconds}s");
    }

    private static Task RunAsync(params IReadOnlyList<string> command) => HostCommand.RunAsync(command);
}
