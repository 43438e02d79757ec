using System.Diagnostics;

namespace NeemPlatform.TestSupport;

/// <summary>Waits for asynchronous effects (messages crossing queues) without fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, Func<T, bool> until, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        T? last = default;
        while (clock.Elapsed < limit)
        {
            last = await probe();
            if (last is not null && until(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting for {what ?? "the condition"}; last value: {last}");
    }
}
