using Homelab.Operator.Queue;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Operator.Tests.Queue;

public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests() => _queue = new WorkQueue<string>(_time, new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));

    public void Dispose() => _queue.Dispose();

    [Fact]
    public void Adding_a_waiting_key_again_keeps_one_entry()
    {
        _queue.Add("a");
        _queue.Add("b");
        _queue.Add("a");

        Assert.Equal(["a", "b"], DrainReady());
    }

    [Fact]
    public void A_key_being_processed_is_not_handed_out_again()
    {
        _queue.Add("a");
        Assert.True(_queue.TryGet(out _));

        _queue.Add("a");

        Assert.False(_queue.TryGet(out _));
        Assert.Equal(0, _queue.ReadyCount);
    }

    [Fact]
    public void Adds_during_processing_collapse_into_one_rerun_after_done()
    {
        _queue.Add("a");
        _queue.TryGet(out _);
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("a");

        _queue.Done("a");

        Assert.True(_queue.TryGet(out var again));
        Assert.Equal("a", again);
        _queue.Done("a");
        Assert.False(_queue.TryGet(out _));
    }

    [Fact]
    public void Done_without_adds_does_not_requeue()
    {
        _queue.Add("a");
        _queue.TryGet(out _);

        _queue.Done("a");

        Assert.False(_queue.TryGet(out _));
    }

    [Fact]
    public void Done_for_a_key_not_handed_out_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => _queue.Done("never"));
    }

    [Fact]
    public void Delayed_add_becomes_ready_only_when_due()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(_queue.TryGet(out _));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_queue.TryGet(out var key));
        Assert.Equal("a", key);
    }

    [Fact]
    public void Earliest_delay_wins_whichever_comes_first()
    {
        _queue.AddAfter("late-then-early", TimeSpan.FromSeconds(30));
        _queue.AddAfter("late-then-early", TimeSpan.FromSeconds(5));
        _queue.AddAfter("early-then-late", TimeSpan.FromSeconds(5));
        _queue.AddAfter("early-then-late", TimeSpan.FromSeconds(30));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), _queue.NextDue);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["early-then-late", "late-then-early"], DrainReady().Order(StringComparer.Ordinal));
        Assert.Null(_queue.NextDue);
    }

    [Fact]
    public void Delayed_keys_fire_in_due_order_across_several_timers()
    {
        _queue.AddAfter("c", TimeSpan.FromSeconds(3));
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _queue.AddAfter("b", TimeSpan.FromSeconds(2));

        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            seen.AddRange(DrainReady());
        }

        Assert.Equal(["a", "b", "c"], seen);
    }

    [Fact]
    public void A_delayed_key_that_falls_due_while_processing_runs_once_after_done()
    {
        _queue.Add("a");
        _queue.TryGet(out _);
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_queue.TryGet(out _));

        _queue.Done("a");
        Assert.Equal(["a"], DrainReady());
    }

    [Fact]
    public void Backoff_doubles_per_failure_and_stops_at_the_cap()
    {
        var delays = Enumerable.Range(0, 12).Select(_ => _queue.AddRateLimited("a").TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], delays);
        Assert.Equal(12, _queue.Failures("a"));
    }

    [Fact]
    public void Forget_resets_the_backoff_of_that_key_only()
    {
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("b");

        _queue.Forget("a");

        Assert.Equal(TimeSpan.FromSeconds(1), _queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromSeconds(2), _queue.AddRateLimited("b"));
    }

    [Fact]
    public void Backoff_policy_survives_huge_failure_counts()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromMinutes(5), policy.Delay(int.MaxValue));
    }

    [Fact]
    public async Task A_waiting_consumer_gets_the_next_added_key()
    {
        var waiting = _queue.GetAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _queue.Add("a");

        Assert.Equal("a", await waiting);
        _queue.Add("a");
        Assert.Equal(0, _queue.ReadyCount);
        Assert.Equal(1, _queue.ProcessingCount);
    }

    [Fact]
    public async Task A_cancelled_consumer_does_not_swallow_a_key()
    {
        using var cancel = new CancellationTokenSource();
        var abandoned = _queue.GetAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        _queue.Add("a");

        Assert.True(_queue.TryGet(out var key));
        Assert.Equal("a", key);
    }

    [Fact]
    public async Task Shutdown_releases_waiting_consumers_and_ignores_later_adds()
    {
        var waiting = _queue.GetAsync(CancellationToken.None);

        _queue.ShutDown();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _queue.Add("a");
        _queue.AddAfter("b", TimeSpan.FromSeconds(1));
        Assert.False(_queue.TryGet(out _));
        Assert.Null(_queue.NextDue);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_workers_never_hold_the_same_key_at_once()
    {
        const int workers = 4;
        const int rounds = 2_000;
        var holding = new int[3];
        var violations = 0;
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                string key;
                try
                {
                    key = await _queue.GetAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var slot = key[0] - 'a';
                if (Interlocked.Increment(ref holding[slot]) != 1)
                {
                    Interlocked.Increment(ref violations);
                }
                await Task.Yield();
                Interlocked.Decrement(ref holding[slot]);
                _queue.Done(key);
            }
        })).ToList();

        for (var i = 0; i < rounds; i++)
        {
            _queue.Add(((char)('a' + (i % 3))).ToString());
            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }
        _queue.ShutDown();
        await Task.WhenAll(tasks);

        Assert.Equal(0, violations);
    }

    private List<string> DrainReady()
    {
        var keys = new List<string>();
        while (_queue.TryGet(out var key))
        {
            keys.Add(key);
            _queue.Done(key);
        }
        return keys;
    }
}
