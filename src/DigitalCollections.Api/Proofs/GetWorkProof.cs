using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Works;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Proofs;

/// <summary>A work's proof bundle at a block (default: the latest confirmed one).</summary>
public sealed record GetWorkProofQuery(string TokenId, string? Block) : IRequest<WorkProofBundle>, IUsesDeploymentChain;

public sealed class GetWorkProofValidator : Validator<GetWorkProofQuery>
{
    public GetWorkProofValidator()
    {
        RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
        RuleFor(q => q.Block)
            .Must(b => b is null || long.TryParse(b, System.Globalization.NumberStyles.None, null, out _))
            .WithMessage("'block' must be a block number (a whole number, 0 or more).").WithName("block");
    }
}

/// <summary>
/// Finds which kind of token it is from the latest words (a token's kind and its edition never change once
/// minted), then has the bundle built at the asked block: format 1 for a unique work, the edition format for an
/// edition token. A bundle built before at that block is served again while the node still has its block hash.
/// </summary>
public sealed class GetWorkProofHandler(IStateProofReader proofs, WorkProofBuilder builder, ProofCache cache, IOptions<ChainOptions> options)
    : IRequestHandler<GetWorkProofQuery, WorkProofBundle>
{
    public const string MediaType = "application/vnd.digitalcollections.proof+json";
    public const string Format = WorkProofBuilder.UniqueFormat;

    public async ValueTask<WorkProofBundle> Handle(GetWorkProofQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var tokenKey = WorkStorageLayout.TokenKey(tokenId);
        var (latest, head) = await proofs.ReadSlotsAsync(
        [
            WorkStorageLayout.SlotOf(WorkStorageLayout.Entry(WorkStorageLayout.Token), tokenKey),
            WorkStorageLayout.SlotOf(WorkStorageLayout.Entry(WorkStorageLayout.ContentHash), tokenKey),
            WorkStorageLayout.SlotOf(WorkStorageLayout.Entry(WorkStorageLayout.Group), WorkStorageLayout.TokenKey(tokenId >> WorkStorageLayout.GroupShift)),
        ], ct);
        var word = Big(latest[0]);
        if (!word.IsZero && !WorkProofBuilder.IsEditionWord(word))
        {
            var block = BlockOf(query, head);
            return await CachedAsync(tokenId, block, ct) ?? Keep(await builder.UniqueAsync(tokenId, latest[1], block, ct));
        }

        // No word of its own yet, or an edition token's: its edition from its group's word.
        var first = WorkStorageLayout.FirstTokenOf(Big(latest[2]), tokenId);
        if (first == 0 || first > tokenId) throw WorkProblems.NotFound(tokenId);
        var firstKey = WorkStorageLayout.TokenKey(first);
        var (edition, _) = await proofs.ReadSlotsAsync(
        [
            WorkStorageLayout.SlotOf(WorkStorageLayout.Entry(WorkStorageLayout.Edition), firstKey),
            WorkStorageLayout.SlotOf(WorkStorageLayout.Entry(WorkStorageLayout.ContentHash), firstKey),
        ], ct);
        if (!WorkProofBuilder.EditionHolds(tokenId, first, word, Big(edition[0]))) throw WorkProblems.NotFound(tokenId);
        var at = BlockOf(query, head);
        return await CachedAsync(tokenId, at, ct) ?? Keep(await builder.EditionAsync(tokenId, first, edition[1], at, ct));
    }

    private async Task<WorkProofBundle?> CachedAsync(long tokenId, long block, CancellationToken ct)
    {
        if (cache.Find(block, tokenId) is not { } kept) return null;
        if (string.Equals(await proofs.BlockHashAsync(block, ct), kept.Block.Hash, StringComparison.OrdinalIgnoreCase)) return kept;
        cache.Forget(block, tokenId);
        return null;
    }

    private WorkProofBundle Keep(WorkProofBundle bundle)
    {
        cache.Keep(bundle);
        return bundle;
    }

    private long BlockOf(GetWorkProofQuery query, long head)
    {
        var block = query.Block is null ? Math.Max(0, head - options.Value.ConfirmationDepth) : long.Parse(query.Block);
        if (block > head) throw ApiProblemException.BadRequest("block", $"Block {block} is newer than the chain's head ({head}).");
        return block;
    }

    private static BigInteger Big(byte[] word) => new(word, isUnsigned: true, isBigEndian: true);
}

public static class GetWorkProofEndpoint
{
    public static void MapGetWorkProof(this IEndpointRouteBuilder api) =>
        api.MapGet("/works/{tokenId}/proof", async (string tokenId, string? block, IMediator mediator, CancellationToken ct) =>
                Results.Json(await mediator.Send(new GetWorkProofQuery(tokenId, block), ct), contentType: GetWorkProofHandler.MediaType))
            .WithName("GetWorkProof")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Proofs")
            .WithSummary("A self-contained proof of a work's (or an edition token's) on-chain facts, checkable against one block hash")
            .Produces<WorkProofBundle>(StatusCodes.Status200OK, GetWorkProofHandler.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
