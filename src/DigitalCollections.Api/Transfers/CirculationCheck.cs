using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;

namespace DigitalCollections.Api.Transfers;

/// <summary>
/// The contract's circulation rules, checked before a transfer is signed or relayed, so a refused transfer spends
/// no gas and says why: locked for good, frozen by the operator, or held until a time. The dry run that follows
/// still asks the contract itself, which decides at the next block's time.
/// </summary>
public static class CirculationCheck
{
    public static async Task EnsureTransferableAsync(IContractReader contract, ChainInfo.ChainClock chainClock, long tokenId, CancellationToken ct)
    {
        if (await contract.GetCirculationAsync(tokenId, ct) is not { } rules) return; // the token's absence is answered by the caller
        if (!rules.Transferable) throw ContractRevertProblems.TokenLocked(tokenId);
        if (rules.Frozen) throw ContractRevertProblems.TokenFrozen(tokenId, rules.FrozenReason);
        // The next block is stamped at least at the later of this server's clock and the latest block.
        if (rules.TransferableAt is { } at && at > await chainClock.DeadlineBaseAsync(ct))
            throw ContractRevertProblems.TransferNotAllowedYet(tokenId, at);
    }
}
