using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Indexing;

namespace DigitalCollections.UnitTests.Indexing;

/// <summary>The index's status hands committed ranges to each subscriber and lets a read wait for a block.</summary>
public sealed class IndexStatusTests
{
    private static IndexedRange Range(long from, long to) => new(from, to, [], new Dictionary<long, BlockHeader>());

    [Fact]
    public void Every_subscriber_gets_every_range_committed_after_it_subscribed()
    {
        var writer = new IndexStatus.Writer(TimeProvider.System);
        writer.Indexed(Range(1, 1)); // before anyone subscribed: nobody holds it
        var first = writer.Status.SubscribeIndexed();
        var second = writer.Status.SubscribeIndexed();

        writer.Indexed(Range(2, 5));
        writer.Indexed(Range(6, 6));

        foreach (var reader in new[] { first, second })
        {
            Assert.True(reader.TryRead(out var a));
            Assert.True(reader.TryRead(out var b));
            Assert.Equal((2L, 5L, 6L), (a!.From, a.To, b!.From));
            Assert.False(reader.TryRead(out _));
        }
    }

    [Fact]
    public async Task A_wait_for_a_block_ends_when_the_index_reaches_it_and_says_so()
    {
        var writer = new IndexStatus.Writer(TimeProvider.System);
        writer.Update(10, "0x0a", 12);
        var waiting = writer.Status.WaitUntilIndexedAsync(12, TimeSpan.FromSeconds(10), default);
        Assert.False(waiting.IsCompleted);

        writer.Update(12, "0x0c", 12);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await writer.Status.WaitUntilIndexedAsync(13, TimeSpan.FromMilliseconds(50), default));
    }

    [Fact]
    public void A_confirmed_write_raises_the_watermark_and_wakes_the_indexer_once()
    {
        var writes = new WriteWatermark();
        writes.Note(7);
        writes.Note(5); // an older block lowers nothing
        Assert.Equal(7, writes.Block);
        Assert.True(writes.Raised.TryRead(out _));
        Assert.False(writes.Raised.TryRead(out _)); // one wake-up however many writes came meanwhile
    }
}
