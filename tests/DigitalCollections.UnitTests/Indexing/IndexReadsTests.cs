using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Indexing;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Indexing;

public class IndexReadsTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (IndexStatus.Writer, IndexReads, Clock) Create()
    {
        var clock = new Clock(DateTimeOffset.Parse("2026-11-26T12:00:00Z"));
        var status = new IndexStatus.Writer(clock);
        return (status, new IndexReads(status.Status, new WriteWatermark(), Options.Create(new IndexingOptions()), Options.Create(new ChainOptions())), clock);
    }

    [Fact]
    public void A_write_trusts_a_miss_in_the_index_only_while_it_follows_closely()
    {
        var (status, reads, clock) = Create();
        Assert.False(reads.FollowingClosely); // never looked

        status.Update(100, "0xabc", 100 + IndexReads.CloseLagBlocks);
        Assert.True(reads.FollowingClosely);

        status.Update(100, "0xabc", 101 + IndexReads.CloseLagBlocks); // too far behind
        Assert.False(reads.FollowingClosely);

        status.Update(100, "0xabc", 102);
        clock.Now += IndexReads.CloseLookAge + TimeSpan.FromMilliseconds(1); // has not looked for too long
        Assert.False(reads.FollowingClosely);

        status.Update(102, "0xdef", 102);
        Assert.True(reads.FollowingClosely);
        status.SetState(IndexState.ChainUnavailable, "node away");
        Assert.False(reads.FollowingClosely);
    }

    [Fact]
    public void A_pushed_head_counts_in_the_lag_at_once()
    {
        var (status, _, _) = Create();
        status.Update(100, "0xabc", 100);
        status.NoteHead(103);
        Assert.Equal(3, status.Status.LagBlocks);
        status.NoteHead(99); // an older announcement changes nothing
        Assert.Equal(3, status.Status.LagBlocks);
    }
}
