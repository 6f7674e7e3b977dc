using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Verification;

public sealed class VerificationLookup(Deployment deployment, IChainReader chain, IContractReader contract, AppDbContext db, IndexReads index)
{
    public async Task<VerificationResult> VerifyAsync(string contentHash, CancellationToken ct)
    {
        var hash = Formats.NormalizeHash(contentHash);
        var position = await index.ReadyAsync(ct);
        var key = deployment.Key;
        var token = await db.IndexedTokens.AsNoTracking()
            .Where(t => t.DeploymentKey == key && t.ContentHash == hash).FirstOrDefaultAsync(ct);
        if (token is not null)
            return new VerificationResult(hash, true, token.TokenId, token.Creator, token.Owner,
                DateTimeOffset.FromUnixTimeSeconds(token.RegisteredAtUnix), token.MintTransactionHash,
                index.IsConfirmed(token.MintBlockNumber), position);
        if (index.CaughtUp) return new VerificationResult(hash, false, null, null, null, null, null, null, position);
        return await FromChainAsync(hash, ct);
    }

    /// <summary>The index is behind the head: answer from the chain directly rather than say "not registered" too early.</summary>
    private async Task<VerificationResult> FromChainAsync(string hash, CancellationToken ct)
    {
        var head = await chain.GetBlockNumberAsync(ct);
        var tokenId = await contract.TokenOfContentAsync(hash, ct);
        var work = tokenId == 0 ? null : await contract.GetWorkAsync(tokenId, ct);
        if (work is null) return new VerificationResult(hash, false, null, null, null, null, null, null, new IndexPosition(head, null));
        var events = await chain.GetOwnershipEventsAsync(tokenId, ct);
        var mint = events.FirstOrDefault(e => e.IsMint);
        return new VerificationResult(hash, true, tokenId, work.Creator, work.Owner, work.RegisteredAt, mint?.TransactionHash,
            mint is null ? null : index.IsConfirmed(mint.BlockNumber), new IndexPosition(head, null));
    }
}
