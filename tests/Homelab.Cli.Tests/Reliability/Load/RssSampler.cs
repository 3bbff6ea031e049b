namespace Homelab.Cli.Tests.Reliability.Load;

/// <summary>Samples a process's resident memory (VmRSS in /proc/PID/status) every 200 ms until stopped.</summary>
internal sealed class RssSampler : IDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly double _start;
    private double _peak;

    public RssSampler(int pid)
    {
        _pid = pid;
        _start = _peak = Sample();
        _loop = LoopAsync();
    }

    public Result Stop()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        var end = Sample();
        return new Result(_start, Math.Max(_peak, end), end);
    }

    public void Dispose() => _stop.Dispose();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            _peak = Math.Max(_peak, Sample());
            try
            {
                await Task.Delay(200, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>VmRSS in MB.</summary>
    private double Sample() =>
        File.ReadLines($"/proc/{_pid}/status")
            .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024)
            .Single();

    public sealed record Result(double StartMb, double PeakMb, double EndMb);
}
