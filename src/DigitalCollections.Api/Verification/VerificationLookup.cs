using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Works;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Verification;

public sealed class VerificationLookup(Deployment deployment, IChainReader chain, IContractReader contract, AppDbContext db, IndexReads index)
{
    /// <summary>An edition's tokens listed in the answer itself; the rest through <c>edition.next</c>.</summary>
    internal const int EditionTokensInAnswer = EditionTokens.DefaultLimit;

    public async Task<VerificationResult> VerifyAsync(string contentHash, CancellationToken ct)
    {
        var hash = Formats.NormalizeHash(contentHash);
        var position = await index.ReadyAsync(ct);
        var key = deployment.Key;
        // Every token of an edition carries the work's content hash: any one names the edition, whose No. 1 is the work.
        var token = await db.IndexedTokens.AsNoTracking()
            .Where(t => t.DeploymentKey == key && t.ContentHash == hash).FirstOrDefaultAsync(ct);
        if (token is not null && token.EditionFirstTokenId is { } first && first != token.TokenId)
            token = await db.IndexedTokens.AsNoTracking().SingleOrDefaultAsync(t => t.DeploymentKey == key && t.TokenId == first, ct) ?? token;
        if (token is not null)
        {
            var edition = token.EditionSize is > 1 && token.EditionFirstTokenId is { } firstId
                ? await EditionTokens.PageAsync(db, key, firstId, token.EditionSize.Value, 0, EditionTokensInAnswer, ct)
                : null;
            return new VerificationResult(hash, true, token.TokenId, token.Creator, token.Owner,
                DateTimeOffset.FromUnixTimeSeconds(token.RegisteredAtUnix), token.MintTransactionHash,
                index.IsConfirmed(token.MintBlockNumber), position, Edition: edition);
        }
        if (index.CaughtUp) return new VerificationResult(hash, false, null, null, null, null, null, null, position);
        return await FromChainAsync(hash, ct);
    }

    /// <summary>
    /// The index is behind the head: answer from the chain directly rather than say "not registered" too early.
    /// An edition's facts come from the contract; its tokens' owners wait for the index (<c>minted</c> null, no tokens).
    /// </summary>
    private async Task<VerificationResult> FromChainAsync(string hash, CancellationToken ct)
    {
        var head = await chain.GetBlockNumberAsync(ct);
        var tokenId = await contract.TokenOfContentAsync(hash, ct);
        var work = tokenId == 0 ? null : await contract.GetWorkAsync(tokenId, ct);
        if (work is null) return new VerificationResult(hash, false, null, null, null, null, null, null, new IndexPosition(head, null));
        var events = await chain.GetOwnershipEventsAsync(tokenId, ct);
        var mint = events.FirstOrDefault(e => e.IsMint);
        var rules = await contract.GetCirculationAsync(tokenId, ct);
        var edition = rules is { Size: > 1 } ? new EditionTokenPage(rules.FirstTokenId, rules.Size, null, [], null, null) : null;
        return new VerificationResult(hash, true, tokenId, work.Creator, work.Owner, work.RegisteredAt, mint?.TransactionHash,
            mint is null ? null : index.IsConfirmed(mint.BlockNumber), new IndexPosition(head, null), Edition: edition);
    }
}
