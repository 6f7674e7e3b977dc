using Microsoft.Extensions.Time.Testing;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a timer was set (a wait began), so a test moves the clock
/// only once the code under test waits on it.
/// </summary>
internal sealed class WatchedClock : FakeTimeProvider
{
    private readonly SemaphoreSlim _timers = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits (10 s at most, on the real clock) until the code under test set its next timer.</summary>
    public async Task WaitBeganAsync() => Assert.True(await _timers.WaitAsync(TimeSpan.FromSeconds(10)), "no wait began");
}
