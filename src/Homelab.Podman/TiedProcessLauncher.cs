using System.Collections.Concurrent;
using System.Diagnostics;

namespace Homelab.Podman;

/// <summary>
/// Starts long-running children (podman events, podman system service) that must not outlive homelabd, even when it is
/// killed with SIGKILL: each runs under <c>setpriv --pdeathsig TERM</c>. The kernel sends that signal when the
/// <em>thread</em> that forked the child exits, and .NET forks from whichever pool thread asks, so every such child is
/// forked from one thread that lives as long as the process.
/// </summary>
internal sealed class TiedProcessLauncher
{
    private const string Setpriv = "setpriv";

    /// <summary>One per process: its thread must live as long as the process does.</summary>
    public static TiedProcessLauncher Shared { get; } = new();

    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> _requests = new();
    private readonly Lock _lock = new();
    private Thread? _thread;

    private TiedProcessLauncher()
    {
    }

    /// <summary>Starts <paramref name="info"/>'s program tied to this process; the caller owns the returned process.</summary>
    public Task<Process> StartAsync(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var tied = new ProcessStartInfo(Setpriv)
        {
            RedirectStandardInput = info.RedirectStandardInput,
            RedirectStandardOutput = info.RedirectStandardOutput,
            RedirectStandardError = info.RedirectStandardError,
            StandardOutputEncoding = info.StandardOutputEncoding,
            StandardErrorEncoding = info.StandardErrorEncoding,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--pdeathsig", "TERM", "--", info.FileName, .. info.ArgumentList])
        {
            tied.ArgumentList.Add(argument);
        }
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        EnsureThread();
        _requests.Add((tied, started));
        return started.Task;
    }

    private void EnsureThread()
    {
        lock (_lock)
        {
            if (_thread is not null)
            {
                return;
            }
            _thread = new Thread(Run) { IsBackground = true, Name = "homelab tied-process launcher" };
            _thread.Start();
        }
    }

    private void Run()
    {
        foreach (var (info, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new PodmanException($"could not start {info.ArgumentList[3]}"));
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                started.SetException(new PodmanException($"could not start {info.ArgumentList[3]} under {Setpriv}: {e.Message}", e));
            }
            catch (PodmanException e)
            {
                started.SetException(e);
            }
        }
    }
}
