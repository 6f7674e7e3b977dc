using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Keeps the index off a chain that is not the deployment's: another genesis (a reset), or what the identity
/// guard last found (another chain id, no contract). Marks the status and tells the guard, so the lanes look
/// again before their next send.
/// </summary>
public sealed class ChainResetCheck(ChainIdentityGuard guard, IndexStatus.Writer status, ILogger<ChainResetCheck> logger)
{
    /// <summary>
    /// A chain found foreign stays so until someone looks again: the index looks (at most once a step). A reset
    /// the index saw first is confirmed by the guard too, which then fails the open writes. True when nothing
    /// may be read from the chain.
    /// </summary>
    public async Task<bool> ForeignAsync(CancellationToken stop)
    {
        if (guard.Last is { Match: ChainMatch.WrongChain or ChainMatch.ContractMissing }
            || (status.Status.State == IndexState.ChainReset && guard.Last?.Match != ChainMatch.Reset))
            await guard.CheckAsync(stop);
        return Foreign();
    }

    /// <summary>The node's genesis is the one the deployment is held to (or none is known yet).</summary>
    public bool IsOurGenesis(BlockHeader? genesis) =>
        guard.ExpectedGenesis is not { } expected || (genesis is not null && SameHash(genesis.Hash, expected));

    /// <summary>True when the index must not read this chain; a chain back to ours clears a reset the index had reported.</summary>
    public bool ChainWasReset(BlockHeader? genesis, long checkpoint, string checkpointHash)
    {
        if (!IsOurGenesis(genesis))
        {
            var reason = IndexStatus.Writer.ResetReason(genesis?.Hash, guard.ExpectedGenesis!);
            if (status.Status.State != IndexState.ChainReset) logger.LogError("Indexer stopped: {Reason}", reason);
            status.SetState(IndexState.ChainReset, reason);
            guard.Invalidate();
            return true;
        }
        if (Foreign()) return true;
        if (status.Status.State == IndexState.ChainReset) status.Update(checkpoint, checkpointHash, checkpoint);
        return false;
    }

    /// <summary>A dropped connection may be a node restarting: the lanes look again before sending.</summary>
    public void Invalidate() => guard.Invalidate();

    /// <summary>The identity guard last found another chain id or a reset chain: nothing is read from it.</summary>
    private bool Foreign()
    {
        if (guard.Last is not { Match: ChainMatch.WrongChain or ChainMatch.Reset } foreign) return false;
        status.SetState(foreign.Match == ChainMatch.Reset ? IndexState.ChainReset : IndexState.ChainUnavailable, foreign.Reason);
        return true;
    }

    internal static bool SameHash(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
