using DigitalCollections.Api.Similarity;

namespace DigitalCollections.UnitTests.Similarity;

/// <summary>The similarity index's read position: ids committed out of order are asked for again, for a while.</summary>
public sealed class WorkRowCursorTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly ManualClock _clock = new();

    [Fact]
    public void Ids_stepped_over_are_remembered_until_they_turn_up()
    {
        var cursor = new WorkRowCursor(_clock, TimeSpan.FromMinutes(2));
        cursor.Observe([1, 2, 5]);
        Assert.Equal(5, cursor.After);
        Assert.Equal([3L, 4L], cursor.Gaps);

        // 4 commits late: it is read through its gap and no longer asked for; 3 still is.
        cursor.Observe([4, 6]);
        Assert.Equal(6, cursor.After);
        Assert.Equal([3L], cursor.Gaps);
    }

    [Fact]
    public void A_gap_that_never_fills_is_forgotten_after_its_lifetime()
    {
        var cursor = new WorkRowCursor(_clock, TimeSpan.FromMinutes(2));
        cursor.Observe([1, 3]);
        _clock.Now += TimeSpan.FromMinutes(1);
        cursor.Observe([]);
        Assert.Equal([2L], cursor.Gaps);
        _clock.Now += TimeSpan.FromMinutes(1.5);
        cursor.Observe([]);
        Assert.Empty(cursor.Gaps);
        Assert.Equal(3, cursor.After);
    }

    [Fact]
    public void A_far_jump_keeps_only_the_newest_gaps()
    {
        var cursor = new WorkRowCursor(_clock, TimeSpan.FromMinutes(2), maxGaps: 4);
        cursor.Observe([1, 1000]);
        Assert.Equal([996L, 997L, 998L, 999L], cursor.Gaps);
        cursor.Observe([1003]);
        Assert.Equal([998L, 999L, 1001L, 1002L], cursor.Gaps);
    }

    [Fact]
    public void Reset_reads_from_the_start()
    {
        var cursor = new WorkRowCursor(_clock, TimeSpan.FromMinutes(2));
        cursor.Observe([2, 4]);
        cursor.Reset();
        Assert.Equal(0, cursor.After);
        Assert.Empty(cursor.Gaps);
    }
}
