using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Similarity;
using FluentValidation;
using Mediator;

namespace DigitalCollections.Api.Works;

/// <summary>A work's chain facts together with what the API stored about its file.</summary>
public sealed record GetWorkQuery(string TokenId) : IRequest<WorkDetails>, IUsesDeploymentChain;

public sealed record WorkDetails(
    long TokenId,
    string ContentHash,
    string Creator,
    string Owner,
    DateTimeOffset RegisteredAt,
    int RoyaltyBps,
    long TransferNonce,
    string TokenUri,
    string? Title,
    string? Description,
    string? ContentType,
    long? Size,
    string? TransactionHash,
    long? BlockNumber,
    bool ContentAvailable,
    IsccView? Iscc,
    IReadOnlyList<long> SimilarTo,
    IReadOnlyList<long> VariantOf,
    EditionView? Edition = null,
    DateTimeOffset? TransferableAt = null,
    bool Locked = false,
    bool Frozen = false,
    int? FrozenReason = null,
    IReadOnlyList<Metadata.MetadataChangeView>? MetadataHistory = null,
    string? RegisteredTitle = null);

/// <summary>
/// A token's place in its work's edition: "No. 37 of 100" (a unique work is No. 1 of 1). Minted: how many of
/// its tokens are minted so far (an edition larger than one transaction grows to Size in chunks).
/// </summary>
public sealed record EditionView(int Number, int Size, long FirstTokenId, long HoldSeconds, bool Transferable, int Minted = 1)
{
    public static EditionView Of(Chain.TokenCirculation c) => new(c.Number, c.Size, c.FirstTokenId, c.HoldSeconds, c.Transferable, c.Minted);
}

public sealed class GetWorkValidator : Validator<GetWorkQuery>
{
    public GetWorkValidator() => RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
}

public sealed class GetWorkHandler(IContractReader chain, Deployment deployment, AppDbContext db) : IRequestHandler<GetWorkQuery, WorkDetails>
{
    public async ValueTask<WorkDetails> Handle(GetWorkQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var work = await chain.GetWorkAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        var rules = await chain.GetCirculationAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
        var record = await db.FindWorkAsync(deployment.Key, rules.FirstTokenId, ct);
        // Title and description are the latest confirmed change's; the registered ones stay in the work row (and its ISCC Meta-Code).
        var history = await Metadata.MetadataHistory.OfAsync(db, deployment.Key, rules.FirstTokenId, ct);
        var latest = history.Count > 0 ? history[^1] : null;
        return new WorkDetails(work.TokenId, work.ContentHash, work.Creator, work.Owner, work.RegisteredAt, work.RoyaltyBps,
            work.TransferNonce, work.TokenUri, latest?.Title ?? record?.Title, latest is null ? record?.Description : latest.Description, record?.ContentType, record?.SizeBytes,
            record?.TransactionHash, record?.BlockNumber, record is not null, record.Iscc(), WorkLinks.Parse(record?.SimilarTo),
            WorkLinks.Parse(record?.VariantOf), EditionView.Of(rules),
            rules.TransferableAt is { } at && at > 0 ? DateTimeOffset.FromUnixTimeSeconds(at) : null,
            rules.Locked, rules.Frozen, rules.Frozen ? rules.FrozenReason : null, history, record?.Title);
    }
}

public static class GetWorkEndpoint
{
    public static void MapGetWork(this IEndpointRouteBuilder api) =>
        api.MapGet("/works/{tokenId}", async (string tokenId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetWorkQuery(tokenId), ct)))
            .WithName("GetWork")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Works")
            .WithSummary("A work's chain facts and stored details")
            .Produces<WorkDetails>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
