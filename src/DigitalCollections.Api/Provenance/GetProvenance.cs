using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Works;
using Microsoft.EntityFrameworkCore;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Provenance;

/// <summary>Every owner of a token since its mint, from the chain's Transfer events, and its rule changes, oldest first.</summary>
public sealed record GetProvenanceQuery(string TokenId) : IRequest<ProvenanceResult>, Common.IUsesDeploymentChain;

/// <param name="ConsistentWith">The block this answer reflects (the index's checkpoint, or the head for a chain scan).</param>
/// <param name="TokenId">The token.</param>
/// <param name="ContentHash">SHA-256 of the work's file, as registered on chain.</param>
/// <param name="Creator">The address that registered the work.</param>
/// <param name="CurrentOwner">The owner after the last event.</param>
/// <param name="Events">The mint and every transfer since, oldest first.</param>
/// <param name="RuleChanges">The operator's freezes and unfreezes of the token and the ERC-4906 metadata updates that cover it, oldest first, from the index (empty while the index has not reached the token).</param>
public sealed record ProvenanceResult(
    long TokenId,
    string ContentHash,
    string Creator,
    string CurrentOwner,
    IReadOnlyList<ProvenanceEvent> Events,
    IndexPosition ConsistentWith,
    IReadOnlyList<RuleChangeEvent>? RuleChanges = null);

/// <summary>A change to what may happen to the token, from its event.</summary>
/// <param name="Kind"><c>frozen</c>, <c>unfrozen</c> or <c>metadata-update</c>.</param>
/// <param name="ReasonCode">The operator's reason code of a freeze; null otherwise.</param>
/// <param name="BlockNumber">The event's block.</param>
/// <param name="BlockHash">That block's hash, to check the event against any node.</param>
/// <param name="Timestamp">The block's time.</param>
/// <param name="TransactionHash">The transaction that emitted the event.</param>
/// <param name="LogIndex">The event's position in its block.</param>
/// <param name="Confirmed">False while the block is newer than the confirmation depth.</param>
public sealed record RuleChangeEvent(
    string Kind,
    int? ReasonCode,
    long BlockNumber,
    string BlockHash,
    DateTimeOffset Timestamp,
    string TransactionHash,
    long LogIndex,
    bool Confirmed);

public sealed record ProvenanceEvent(
    string Kind,
    string From,
    string To,
    long BlockNumber,
    string BlockHash,
    DateTimeOffset Timestamp,
    string TransactionHash,
    long LogIndex,
    bool Confirmed);

public sealed class GetProvenanceValidator : Validator<GetProvenanceQuery>
{
    public GetProvenanceValidator() => RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
}

public sealed class GetProvenanceHandler(Deployment deployment, IChainReader chain, IContractReader contract, AppDbContext db, IndexReads index)
    : IRequestHandler<GetProvenanceQuery, ProvenanceResult>
{
    public async ValueTask<ProvenanceResult> Handle(GetProvenanceQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var position = await index.ReadyAsync(ct);
        var key = deployment.Key;
        var token = await db.IndexedTokens.AsNoTracking().SingleOrDefaultAsync(t => t.DeploymentKey == key && t.TokenId == tokenId, ct);
        if (token?.ContentHash is null)
        {
            // Not indexed: a real 404 only when the index has read the whole chain; otherwise ask the chain itself.
            if (index.CaughtUp) throw WorkProblems.NotFound(tokenId);
            return await FromChainAsync(tokenId, ct);
        }
        var transfers = await db.IndexedTransfers.AsNoTracking()
            .Where(t => t.DeploymentKey == key && t.TokenId == tokenId)
            .OrderBy(t => t.BlockNumber).ThenBy(t => t.LogIndex)
            .ToListAsync(ct);
        return new ProvenanceResult(tokenId, token.ContentHash, token.Creator!, token.Owner,
            transfers.Select(t => new ProvenanceEvent(Formats.IsZeroAddress(t.From) ? "mint" : "transfer", t.From, t.To,
                t.BlockNumber, t.BlockHash, DateTimeOffset.FromUnixTimeSeconds(t.TimestampUnix), t.TransactionHash, t.LogIndex,
                index.IsConfirmed(t.BlockNumber))).ToList(),
            position, await RuleChangesAsync(token, ct));
    }

    /// <summary>
    /// The token's freezes and unfreezes, and the metadata updates whose range holds it: a work's update starts at
    /// its first token, so only the token's own rows and its edition's No. 1's are read (by the token index).
    /// </summary>
    private async Task<IReadOnlyList<RuleChangeEvent>> RuleChangesAsync(IndexedToken token, CancellationToken ct)
    {
        var key = deployment.Key;
        var (id, first) = (token.TokenId, token.EditionFirstTokenId ?? token.TokenId);
        var rows = await db.IndexedRuleChanges.AsNoTracking()
            .Where(r => r.DeploymentKey == key && (r.TokenId == id || r.TokenId == first))
            .OrderBy(r => r.BlockNumber).ThenBy(r => r.LogIndex)
            .ToListAsync(ct);
        return rows
            .Where(r => r.Kind == RuleChangeKinds.MetadataUpdate ? r.TokenId <= id && r.Value >= id : r.TokenId == id)
            .Select(r => new RuleChangeEvent(r.Kind, r.Kind == RuleChangeKinds.Frozen ? (int)r.Value : null, r.BlockNumber, r.BlockHash,
                DateTimeOffset.FromUnixTimeSeconds(r.TimestampUnix), r.TransactionHash, r.LogIndex, index.IsConfirmed(r.BlockNumber)))
            .ToList();
    }

    private async Task<ProvenanceResult> FromChainAsync(long tokenId, CancellationToken ct)
    {
        var head = await chain.GetBlockNumberAsync(ct);
        var work = await contract.GetWorkAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        var events = await chain.GetOwnershipEventsAsync(tokenId, ct);
        return new ProvenanceResult(tokenId, work.ContentHash, work.Creator, work.Owner,
            events.Select(e => new ProvenanceEvent(e.IsMint ? "mint" : "transfer", e.From, e.To, e.BlockNumber, e.BlockHash,
                e.Timestamp, e.TransactionHash, e.LogIndex, index.IsConfirmed(e.BlockNumber))).ToList(),
            new IndexPosition(head, null), []);
    }
}

public static class GetProvenanceEndpoint
{
    public static void MapGetProvenance(this IEndpointRouteBuilder api) =>
        api.MapGet("/works/{tokenId}/provenance", async (string tokenId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetProvenanceQuery(tokenId), ct)))
            .WithName("GetProvenance")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Provenance")
            .WithSummary("The token's chain of owners since its mint, from the index of the chain's events")
            .Produces<ProvenanceResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
