namespace Homelab.TestKit;

/// <summary>Waiting, bounded, for something another thread or process brings about.</summary>
public static class Eventually
{
    /// <summary>The first non-null answer of <paramref name="probe"/>, asked every 50 ms; fails once <paramref name="timeout"/> passes.</summary>
    public static async Task<T> FirstAsync<T>(Func<T?> probe, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nothing turned up within {timeout}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Waits until <paramref name="probe"/> answers true, asking every 50 ms; fails after <paramref name="timeout"/> (10 s when not given).</summary>
    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the condition did not become true within {limit}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
