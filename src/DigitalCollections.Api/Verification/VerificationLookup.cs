using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Works;

namespace DigitalCollections.Api.Verification;

/// <summary>What the chain says about a content hash: the one answer both verification routes give.</summary>
public sealed record VerificationResult(
    string ContentHash,
    bool Registered,
    long? TokenId,
    string? Creator,
    string? Owner,
    DateTimeOffset? RegisteredAt,
    string? TransactionHash);

public sealed class VerificationLookup(IChainGateway chain, AppDbContext db)
{
    public async Task<VerificationResult> VerifyAsync(string contentHash, CancellationToken ct)
    {
        var hash = Formats.NormalizeHash(contentHash);
        var tokenId = await chain.TokenOfContentAsync(hash, ct);
        var work = tokenId == 0 ? null : await chain.GetWorkAsync(tokenId, ct);
        if (work is null) return new VerificationResult(hash, false, null, null, null, null, null);

        // The mint's transaction comes from the chain's own Transfer log, not from our database.
        var events = await chain.GetOwnershipEventsAsync(tokenId, ct);
        var mintTx = events.FirstOrDefault(e => e.IsMint)?.TransactionHash
            ?? (await db.FindWorkAsync(chain.Deployment.Key, tokenId, ct))?.TransactionHash;
        return new VerificationResult(hash, true, tokenId, work.Creator, work.Owner, work.RegisteredAt, mintTx);
    }
}
