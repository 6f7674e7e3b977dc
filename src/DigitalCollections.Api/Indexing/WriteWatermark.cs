using System.Threading.Channels;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// The newest block holding a write this process confirmed: reads wait until the index holds it (read your
/// writes), and the indexer reads new blocks at once rather than at its next poll.
/// </summary>
public sealed class WriteWatermark
{
    private long _block = -1;
    // One pending wake-up is enough: the indexer reads everything up to the head when it wakes.
    private readonly Channel<long> _raised = Channel.CreateBounded<long>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public long Block => Interlocked.Read(ref _block);

    /// <summary>Wakes the indexer when a write was confirmed (its one reader).</summary>
    public ChannelReader<long> Raised => _raised.Reader;

    public void Note(long blockNumber)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _block)) < blockNumber
               && Interlocked.CompareExchange(ref _block, blockNumber, seen) != seen) { }
        _raised.Writer.TryWrite(blockNumber);
    }
}
