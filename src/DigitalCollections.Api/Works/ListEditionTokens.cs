using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.RateLimiting;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Works;

/// <summary>The tokens of the edition a token belongs to, with their numbers and owners, a page at a time.</summary>
public sealed record ListEditionTokensQuery(string TokenId, string? Cursor, int? Limit) : IRequest<EditionTokensAnswer>, IUsesDeploymentChain;

/// <param name="TokenId">The token asked about (any token of the edition).</param>
/// <param name="FirstTokenId">The token id of No. 1.</param>
/// <param name="Size">The edition's size (1 for a unique work).</param>
/// <param name="Minted">Its tokens minted so far; null when answered from the chain (the index has not reached the work).</param>
/// <param name="Tokens">This page, lowest number first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
/// <param name="Next">The next page's path; null on the last page.</param>
/// <param name="ConsistentWith">The block the page reflects.</param>
public sealed record EditionTokensAnswer(long TokenId, long FirstTokenId, int Size, int? Minted, IReadOnlyList<EditionToken> Tokens,
    string? NextCursor, string? Next, IndexPosition ConsistentWith);

public sealed class ListEditionTokensValidator : Validator<ListEditionTokensQuery>
{
    public ListEditionTokensValidator()
    {
        RuleFor(q => q.TokenId).MustBeTokenId().WithName("tokenId");
        RuleFor(q => q.Limit).InclusiveBetween(1, EditionTokens.MaxLimit).When(q => q.Limit is not null).WithName("limit")
            .WithMessage($"'limit' must be between 1 and {EditionTokens.MaxLimit}.");
        RuleFor(q => q.Cursor).Must(c => WorkCursor.TryDecode(c, out _)).When(q => q.Cursor is not null).WithName("cursor")
            .WithMessage("'cursor' is not a cursor this API handed out; start again without it.");
    }
}

public sealed class ListEditionTokensHandler(Deployment deployment, AppDbContext db, IndexReads index, IChainReader chain, IContractReader contract)
    : IRequestHandler<ListEditionTokensQuery, EditionTokensAnswer>
{
    public async ValueTask<EditionTokensAnswer> Handle(ListEditionTokensQuery query, CancellationToken ct)
    {
        var tokenId = long.Parse(query.TokenId);
        var position = await index.ReadyAsync(ct);
        var key = deployment.Key;
        var token = await db.IndexedTokens.AsNoTracking().SingleOrDefaultAsync(t => t.DeploymentKey == key && t.TokenId == tokenId, ct);
        if (token?.ContentHash is null)
        {
            // Not indexed yet: the contract says which edition it is; its owners come once the index reaches it.
            if (index.CaughtUp) throw WorkProblems.NotFound(tokenId);
            var head = await chain.GetBlockNumberAsync(ct);
            var rules = await contract.GetCirculationAsync(tokenId, ct) ?? throw WorkProblems.NotFound(tokenId);
            return new EditionTokensAnswer(tokenId, rules.FirstTokenId, rules.Size, null, [], null, null, new IndexPosition(head, null));
        }
        var (first, size) = EditionTokens.EditionOf(token);
        WorkCursor.TryDecode(query.Cursor, out var after);
        var page = await EditionTokens.PageAsync(db, key, first, size, after, query.Limit ?? EditionTokens.DefaultLimit, ct);
        return new EditionTokensAnswer(tokenId, first, size, page.Minted, page.Tokens, page.NextCursor, page.Next, position);
    }
}

public static class ListEditionTokensEndpoint
{
    public static void MapListEditionTokens(this IEndpointRouteBuilder api) =>
        api.MapGet("/works/{tokenId}/edition", async (string tokenId, string? cursor, string? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListEditionTokensQuery(tokenId, cursor, ParseLimit(limit)), ct)))
            .WithName("ListEditionTokens")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Works")
            .WithSummary("The tokens of a token's edition with their numbers and current owners, from the index, with cursor paging")
            .Produces<EditionTokensAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A non-number limit is a 400 naming 'limit', not a binding failure.</summary>
    private static int? ParseLimit(string? limit) =>
        limit is null ? null
        : int.TryParse(limit, System.Globalization.NumberStyles.None, null, out var n) ? n
        : throw ApiProblemException.BadRequest("limit", $"'limit' must be a whole number between 1 and {EditionTokens.MaxLimit}.");
}
