using System.Collections;
using System.Reflection;
using DigitalCollections.Api.Common;

namespace DigitalCollections.UnitTests.Common;

public sealed class KeyedLocksTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(5);
    private readonly KeyedLocks _locks = new();

    /// <summary>Entries currently held in the private dictionary: what a leak would grow.</summary>
    private int Entries()
    {
        var field = typeof(KeyedLocks).GetField("_locks", BindingFlags.NonPublic | BindingFlags.Instance)
                    ?? throw new InvalidOperationException("KeyedLocks._locks was renamed; update this test.");
        return ((ICollection)field.GetValue(_locks)!).Count;
    }

    [Fact]
    public async Task The_same_key_is_mutually_exclusive()
    {
        var first = await _locks.AcquireAsync("0xabc", default);
        var second = _locks.AcquireAsync("0xabc", default);

        await Task.Delay(Short);
        Assert.False(second.IsCompleted, "a second holder got the lock while the first still held it");

        first.Dispose();
        using var acquired = await second.WaitAsync(Long);
    }

    [Fact]
    public async Task Keys_differing_only_in_case_share_a_lock()
    {
        using var first = await _locks.AcquireAsync("0xABC", default);
        var second = _locks.AcquireAsync("0xabc", default);
        await Task.Delay(Short);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(Long)).Dispose();
    }

    [Fact]
    public async Task Different_keys_do_not_block_each_other()
    {
        using var a = await _locks.AcquireAsync("0xaaa", default);
        using var b = await _locks.AcquireAsync("0xbbb", default).WaitAsync(Long);
        Assert.Equal(2, Entries());
    }

    [Fact]
    public async Task Waiters_get_the_lock_one_at_a_time()
    {
        var inside = 0;
        var maxInside = 0;
        var entered = 0;

        async Task Work()
        {
            using var _ = await _locks.AcquireAsync("shared", default);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            await Task.Yield();
            await Task.Delay(1);
            Interlocked.Increment(ref entered);
            Interlocked.Decrement(ref inside);
        }

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(Work))).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, maxInside);
        Assert.Equal(50, entered);
        Assert.Equal(0, Entries());
    }

    [Fact]
    public async Task Entries_do_not_leak()
    {
        for (var i = 0; i < 1000; i++)
        {
            using var _ = await _locks.AcquireAsync($"key-{i}", default);
        }
        Assert.Equal(0, Entries());

        // Contended use of one key leaves nothing behind either.
        var holder = await _locks.AcquireAsync("key-1", default);
        var waiters = Enumerable.Range(0, 10).Select(_ => _locks.AcquireAsync("key-1", default)).ToList();
        holder.Dispose();
        foreach (var w in waiters) (await w.WaitAsync(Long)).Dispose();
        Assert.Equal(0, Entries());

        // And the key can be taken again at once.
        var again = _locks.AcquireAsync("key-1", default);
        Assert.True(again.IsCompletedSuccessfully, "a released key was not free immediately");
        (await again).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_without_holding_or_leaking()
    {
        var holder = await _locks.AcquireAsync("k", default);
        using var cts = new CancellationTokenSource();
        var waiter = _locks.AcquireAsync("k", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);

        holder.Dispose();
        Assert.Equal(0, Entries());
        var again = _locks.AcquireAsync("k", default);
        Assert.True(again.IsCompletedSuccessfully, "a released key was not free immediately");
        (await again).Dispose();
    }

    [Fact]
    public async Task Disposing_a_handle_twice_releases_once()
    {
        var first = await _locks.AcquireAsync("k", default);
        first.Dispose();
        first.Dispose();

        using var second = await _locks.AcquireAsync("k", default);
        var third = _locks.AcquireAsync("k", default);
        await Task.Delay(Short);
        Assert.False(third.IsCompleted, "a double dispose let two holders in");
        second.Dispose();
        (await third.WaitAsync(Long)).Dispose();
        Assert.Equal(0, Entries());
    }

    [Fact]
    public async Task Stress_many_keys_concurrently_leaves_no_entries()
    {
        var counters = new int[8];
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var k = i % counters.Length;
            using var _ = await _locks.AcquireAsync($"k{k}", default);
            // Non-atomic read-modify-write: only correct under the lock.
            var v = counters[k];
            await Task.Yield();
            counters[k] = v + 1;
        }))).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(counters, c => Assert.Equal(50, c));
        Assert.Equal(0, Entries());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
