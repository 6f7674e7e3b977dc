using System.Threading.Channels;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>When, on a <see cref="WatchedClock"/>, each attempt of some retried work began.</summary>
internal sealed class AttemptLog(WatchedClock clock)
{
    private readonly Channel<DateTimeOffset> _attempts = Channel.CreateUnbounded<DateTimeOffset>();

    /// <summary>An attempt begins now.</summary>
    public void Record() => _attempts.Writer.TryWrite(clock.GetUtcNow());

    /// <summary>True when an attempt began that no one has looked at yet.</summary>
    public bool AnyNew() => _attempts.Reader.TryRead(out _);

    public async Task<DateTimeOffset> NextAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _attempts.Reader.ReadAsync(patience.Token);
    }

    /// <summary>
    /// From the first attempt, moves the clock through the expected waits: no attempt comes a millisecond early
    /// (looked for a moment on the real clock), and each comes on time.
    /// </summary>
    public async Task ExpectWaitsAsync(params double[] seconds)
    {
        var start = clock.GetUtcNow();
        Assert.Equal(start, await NextAsync());
        var elapsed = TimeSpan.Zero;
        foreach (var wait in seconds.Select(TimeSpan.FromSeconds))
        {
            await clock.WaitBeganAsync();
            clock.Advance(wait - TimeSpan.FromMilliseconds(1));
            await Task.Delay(20);
            Assert.False(AnyNew(), $"an attempt came before its {wait.TotalSeconds} s wait was over");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            elapsed += wait;
            Assert.Equal(start + elapsed, await NextAsync());
        }
    }
}
