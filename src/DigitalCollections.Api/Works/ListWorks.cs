using System.Text;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.RateLimiting;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Works;

/// <summary>Works by creator and/or owner from the index, oldest token first, a page at a time.</summary>
public sealed record ListWorksQuery(string? Creator, string? Owner, string? Cursor, int? Limit) : IRequest<WorkPage>;

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
/// <param name="ConsistentWith">The block the page reflects.</param>
/// <param name="Items">The works of this page, oldest token first.</param>
public sealed record WorkPage(IReadOnlyList<WorkSummary> Items, string? NextCursor, IndexPosition ConsistentWith);

/// <param name="Confirmed">False while the mint is newer than the confirmation depth.</param>
/// <param name="Title">Null for works registered without this API.</param>
/// <param name="TokenId">The token.</param>
/// <param name="ContentHash">SHA-256 of the work's file, as registered on chain.</param>
/// <param name="Creator">The address that registered the work.</param>
/// <param name="Owner">The current owner.</param>
/// <param name="RegisteredAt">The time of the mint's block.</param>
/// <param name="MintTransactionHash">The mint's transaction.</param>
/// <param name="MintBlockNumber">The mint's block.</param>
/// <param name="Edition">The token's place in its edition ("No. 37 of 100"); null for a unique work.</param>
public sealed record WorkSummary(
    long TokenId,
    string ContentHash,
    string Creator,
    string Owner,
    DateTimeOffset RegisteredAt,
    string MintTransactionHash,
    long MintBlockNumber,
    bool Confirmed,
    string? Title,
    ListedEdition? Edition = null);

/// <summary>A listed token's place in its edition, from the index's EditionRegistered.</summary>
/// <param name="Number">Its number, 1 … size.</param>
/// <param name="Size">The edition's size.</param>
/// <param name="FirstTokenId">The token id of No. 1 (the work).</param>
public sealed record ListedEdition(int Number, int Size, long FirstTokenId);

public sealed class ListWorksValidator : Validator<ListWorksQuery>
{
    public const int MaxLimit = 200;

    public ListWorksValidator()
    {
        RuleFor(q => q.Creator).MustBeAddress().When(q => q.Creator is not null).WithName("creator");
        RuleFor(q => q.Owner).MustBeAddress().When(q => q.Owner is not null).WithName("owner");
        RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit).When(q => q.Limit is not null).WithName("limit")
            .WithMessage($"'limit' must be between 1 and {MaxLimit}.");
        RuleFor(q => q.Cursor).Must(c => WorkCursor.TryDecode(c, out _)).When(q => q.Cursor is not null).WithName("cursor")
            .WithMessage("'cursor' is not a cursor this API handed out; start again without it.");
    }
}

/// <summary>
/// Opaque page cursor: the last token id of the page. Token ids only grow, so new mints land after every
/// cursor: paging stays stable while others mint (no token is skipped or repeated).
/// </summary>
public static class WorkCursor
{
    public static string Encode(long afterTokenId) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"v1:{afterTokenId}"));

    public static bool TryDecode(string? cursor, out long afterTokenId)
    {
        afterTokenId = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64) return false;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("v1:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(3), System.Globalization.NumberStyles.None, null, out afterTokenId);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

public sealed class ListWorksHandler(Deployment deployment, AppDbContext db, IndexReads index) : IRequestHandler<ListWorksQuery, WorkPage>
{
    public const int DefaultLimit = 50;

    public async ValueTask<WorkPage> Handle(ListWorksQuery query, CancellationToken ct)
    {
        var position = await index.ReadyAsync(ct);
        var key = deployment.Key;
        var limit = query.Limit ?? DefaultLimit;
        WorkCursor.TryDecode(query.Cursor, out var after);

        var tokens = db.IndexedTokens.AsNoTracking().Where(t => t.DeploymentKey == key && t.ContentHash != null && t.TokenId > after);
        if (query.Creator is not null)
        {
            var creator = ChainKeys.Checksum(query.Creator);
            tokens = tokens.Where(t => t.Creator == creator);
        }
        if (query.Owner is not null)
        {
            var owner = ChainKeys.Checksum(query.Owner);
            tokens = tokens.Where(t => t.Owner == owner);
        }
        var page = await tokens.OrderBy(t => t.TokenId).Take(limit + 1).ToListAsync(ct);
        var more = page.Count > limit;
        if (more) page.RemoveAt(page.Count - 1);

        // An edition's tokens share the work's stored record, which is kept under its No. 1.
        var ids = page.Select(WorkTokenId).Distinct().ToList();
        var titles = await db.Works.AsNoTracking().Where(w => w.DeploymentKey == key && ids.Contains(w.TokenId))
            .ToDictionaryAsync(w => w.TokenId, w => w.Title, ct);
        var items = page.Select(t => new WorkSummary(t.TokenId, t.ContentHash!, t.Creator!, t.Owner,
            DateTimeOffset.FromUnixTimeSeconds(t.RegisteredAtUnix), t.MintTransactionHash, t.MintBlockNumber,
            index.IsConfirmed(t.MintBlockNumber), titles.GetValueOrDefault(WorkTokenId(t)),
            t is { EditionSize: > 1, EditionNumber: { } number, EditionFirstTokenId: { } first } ? new ListedEdition(number, t.EditionSize.Value, first) : null))
            .ToList();
        return new WorkPage(items, more ? WorkCursor.Encode(page[^1].TokenId) : null, position);
    }

    private static long WorkTokenId(IndexedToken token) => token.EditionFirstTokenId ?? token.TokenId;
}

public static class ListWorksEndpoint
{
    public static void MapListWorks(this IEndpointRouteBuilder api) =>
        api.MapGet("/works", async (string? creator, string? owner, string? cursor, string? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListWorksQuery(creator, owner, cursor, ParseLimit(limit)), ct)))
            .WithName("ListWorks")
            .RateLimited(RateLimitPolicies.Reads)
            .WithTags("Works")
            .WithSummary("Works by creator and/or owner, from the index, with cursor paging")
            .Produces<WorkPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A non-number limit is a 400 naming 'limit', not a binding failure.</summary>
    internal static int? ParseLimit(string? limit) =>
        limit is null ? null
        : int.TryParse(limit, System.Globalization.NumberStyles.None, null, out var n) ? n
        : throw ApiProblemException.BadRequest("limit", $"'limit' must be a whole number between 1 and {ListWorksValidator.MaxLimit}.");
}
