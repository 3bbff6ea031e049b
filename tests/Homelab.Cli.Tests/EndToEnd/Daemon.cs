using System.Diagnostics;
using System.Text;
using Homelab.Api.Resources;
using Homelab.Cli.Client;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// A real homelabd process on a socket in a temp dir, by default without controllers and with an instance of its own. Dispose stops it.
/// </summary>
internal sealed class Daemon : IAsyncDisposable
{
    private const int StartAttempts = 300;
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(100);
    private readonly StringBuilder _log = new();
    private readonly string[] _options;
    // Its own instance unless the test names one, so a daemon already on this host never refuses it; kept across restarts.
    private readonly string _ownInstance = "hle-" + Guid.NewGuid().ToString("N")[..12];
    private Process? _process;

    /// <param name="options">More homelabd options, e.g. <c>--controllers service --instance NAME</c>.</param>
    public Daemon(string dataDir, params string[] options)
    {
        DataDir = dataDir;
        Socket = Path.Combine(dataDir, "s.sock");
        _options = options;
    }

    /// <summary>The homelabd under test: HLTEST_HOMELABD (tests/run.sh: the shipped Native AOT build), else homelabd.dll.</summary>
    public static string Program => ProgramUnderTest.Locate("HLTEST_HOMELABD", "homelabd.dll");

    public string DataDir { get; }

    /// <summary>Extra environment for the process, e.g. Store__CheckpointPages (configuration by environment).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Whether the process is still running (a daemon that refused to start has exited).</summary>
    public bool IsRunning => _process is { HasExited: false };

    public string Socket { get; }

    /// <summary>The running process's id (to read its memory in /proc).</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("homelabd is not running");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var info = ProgramUnderTest.StartInfo(Program);
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }
        var args = new[] { "--data-dir", DataDir, "--socket", Socket }
            .Concat(_options.Contains("--controllers") ? [] : ["--controllers", "none"])
            .Concat(_options.Contains("--instance") ? [] : ["--instance", _ownInstance])
            .Concat(_options);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HomelabClient(Socket);
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"homelabd exited with {_process.ExitCode}:\n{Log}");
            }
            if (File.Exists(Socket))
            {
                try
                {
                    await client.GetAsync(Api.Protocol.ApiPaths.Version, CancellationToken.None);
                    return;
                }
                catch (DaemonUnreachableException)
                {
                    // Bound but not serving yet.
                }
            }
            await Task.Delay(StartPoll);
        }
        throw new TimeoutException($"homelabd did not answer on {Socket}:\n{Log}");
    }

    /// <summary>The store revision, read from a list response.</summary>
    public async Task<long> RevisionAsync()
    {
        using var client = new HomelabClient(Socket);
        var list = await client.ListAsync(ResourceKinds.Namespace, null, null, CancellationToken.None);
        return long.Parse(list.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
    }

    public HomelabClient Client() => new(Socket);

    /// <summary>SIGKILL to homelabd alone, not its children: what a crash or the OOM killer does.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, as a service manager stops it; SIGKILL if it has not exited after a grace period.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // Ignored SIGTERM: fall through to SIGKILL.
            }
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
