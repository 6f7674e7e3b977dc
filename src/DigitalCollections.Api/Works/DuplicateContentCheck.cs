using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;

namespace DigitalCollections.Api.Works;

/// <summary>Before a mint: the same bytes must not be registered already, nor be in flight.</summary>
internal static class DuplicateContentCheck
{
    /// <summary>409 when these bytes are registered (here or directly on the contract) or being registered now.</summary>
    public static async Task EnsureNotRegisteredAsync(AppDbContext db, string deploymentKey, Indexing.IndexReads index,
        IContractReader chain, string contentHash, CancellationToken ct)
    {
        var (known, inFlight, indexed) = await ContentUses.ReadAsync(db, deploymentKey, contentHash, ct);
        if (known is { } tokenId) throw ContractRevertProblems.Duplicate(contentHash, tokenId);

        if (inFlight is { } id)
            throw new ApiProblemException(409, "registration-in-progress", "These bytes are being registered.",
                $"Content {contentHash} is being registered by transaction {id}; follow it at {TransactionView.LocationOf(id)}.", "file",
                new Dictionary<string, object?> { ["transactionId"] = id, ["contentHash"] = contentHash });

        // Registered directly on the contract: the index knows it, and while it follows the chain closely a miss
        // there is trusted. A registration newer than the index is refused by the contract itself, and that
        // revert answers the same 409; only a lagging index costs a call to the chain here.
        if (indexed is { } indexedToken) throw ContractRevertProblems.Duplicate(contentHash, indexedToken);
        if (index.FollowingClosely) return;

        var onChain = await chain.TokenOfContentAsync(contentHash, ct);
        if (onChain != 0) throw ContractRevertProblems.Duplicate(contentHash, onChain);
    }
}
