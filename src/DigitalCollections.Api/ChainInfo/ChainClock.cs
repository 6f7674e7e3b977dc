using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Indexing;

namespace DigitalCollections.Api.ChainInfo;

/// <summary>
/// The chain's clock: the timestamp of its latest block. A chain's clock can run ahead of the wall clock (a
/// local node stamping each quick block a second after the last, or evm_increaseTime), and the contract judges
/// deadlines by it, so deadlines the API sets itself count from it. Read from the index, which follows the
/// chain's heads anyway; asked of the node only when the index is not following closely.
/// </summary>
public sealed class ChainClock(IndexStatus index, IChainReader chain, TimeProvider clock)
{
    /// <summary>A header fetched from the node is reused this long (a lagging index would otherwise cost a call per write).</summary>
    internal static readonly TimeSpan FetchedReuse = TimeSpan.FromSeconds(1);

    private SeenBlock? _fetched;

    public async Task<ChainClockInfo> ReadAsync(CancellationToken ct)
    {
        var header = FromIndex() ?? Fetched() ?? await FetchAsync(ct);
        return new ChainClockInfo(header.Number, DateTimeOffset.FromUnixTimeSeconds(header.TimestampUnix),
            header.TimestampUnix - clock.GetUtcNow().ToUnixTimeSeconds());
    }

    /// <summary>
    /// Unix seconds a deadline the API sets counts from: the chain's latest block time when the chain runs ahead
    /// of the wall clock, else the wall clock. The next block is stamped no earlier than either (a quiet chain's
    /// latest block may be hours old, and its next block still gets the present time).
    /// </summary>
    public async Task<long> DeadlineBaseAsync(CancellationToken ct)
    {
        var chainClock = await ReadAsync(ct);
        return Math.Max(clock.GetUtcNow().ToUnixTimeSeconds(), chainClock.BlockTime.ToUnixTimeSeconds());
    }

    /// <summary>
    /// The index's newest header, while it is the chain's head as far as anyone here knows: the index follows the
    /// node's pushes, or looked within the last moments, and no newer head has been announced.
    /// </summary>
    private BlockHeader? FromIndex()
    {
        if (index.LatestBlock is not { } seen || index.State != IndexState.Following) return null;
        if (seen.Header.Number < index.HeadBlock) return null;
        return index.FollowsPushes || index.SinceLastLook <= IndexReads.CloseLookAge ? seen.Header : null;
    }

    private BlockHeader? Fetched() =>
        Volatile.Read(ref _fetched) is { } fetched && clock.GetUtcNow() - fetched.SeenAt <= FetchedReuse ? fetched.Header : null;

    private async Task<BlockHeader> FetchAsync(CancellationToken ct)
    {
        var header = await chain.GetLatestBlockHeaderAsync(ct);
        Volatile.Write(ref _fetched, new SeenBlock(header, clock.GetUtcNow()));
        return header;
    }
}
