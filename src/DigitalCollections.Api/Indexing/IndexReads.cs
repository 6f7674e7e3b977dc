using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Indexing;

/// <summary>What every read served from the index does first: refuse another chain's data, then read its own writes.</summary>
public sealed class IndexReads(IndexStatus status, WriteWatermark writes, IOptions<IndexingOptions> options, IOptions<ChainOptions> chainOptions)
{
    internal const long CloseLagBlocks = 128;
    internal static readonly TimeSpan CloseLookAge = TimeSpan.FromSeconds(2);

    /// <summary>Throws 503 on a reset chain; waits (bounded) until the index holds this process's latest confirmed write.</summary>
    public async Task<IndexPosition> ReadyAsync(CancellationToken ct)
    {
        EnsureServable();
        await status.WaitUntilIndexedAsync(writes.Block, TimeSpan.FromSeconds(options.Value.ReadYourWritesWaitSeconds), ct);
        EnsureServable();
        return status.Position;
    }

    /// <summary>Throws the problem a read must answer when the index cannot speak for this chain.</summary>
    private void EnsureServable()
    {
        if (status.State == IndexState.ChainReset)
            throw new ApiProblemException(503, "chain-reset", "The chain was reset.",
                (status.Reason ?? "The chain no longer holds this deployment.") + " The API does not answer from another chain's data.");
    }

    /// <summary>True when the index has read every block the node had at its last look: a miss is then a real miss.</summary>
    public bool CaughtUp => status.State == IndexState.Following && status.LagBlocks == 0;

    /// <summary>
    /// The index followed the chain within the last moments and is at most a short way behind: a write may trust
    /// a miss for its pre-checks. Something newer still reaches the contract, which refuses it by itself.
    /// </summary>
    public bool FollowingClosely =>
        status.State == IndexState.Following && status.LagBlocks <= CloseLagBlocks && status.SinceLastLook <= CloseLookAge;

    /// <summary>Deep enough under the head to count as settled (the configured confirmation depth).</summary>
    public bool IsConfirmed(long blockNumber) => blockNumber <= status.HeadBlock - chainOptions.Value.ConfirmationDepth;
}
