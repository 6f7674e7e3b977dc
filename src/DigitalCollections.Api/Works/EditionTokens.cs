using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Works;

/// <summary>One token of an edition: its number and who holds it now.</summary>
/// <param name="TokenId">The token.</param>
/// <param name="Number">Its number in the edition, 1 … size.</param>
/// <param name="Owner">Its owner after the last indexed transfer.</param>
public sealed record EditionToken(long TokenId, int Number, string Owner);

/// <summary>An edition and one page of its tokens, lowest number first.</summary>
/// <param name="FirstTokenId">The token id of No. 1; No. k is <c>firstTokenId + k - 1</c>.</param>
/// <param name="Size">The edition's size as the creator signed it.</param>
/// <param name="Minted">How many of its tokens are minted so far (an edition may be minted in several calls); null when read from the chain because the index has not reached the work yet.</param>
/// <param name="Tokens">This page of tokens (empty when answered from the chain).</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to <see cref="Next"/>'s route for the next page; null on the last page.</param>
/// <param name="Next">The next page's path (<c>/api/v1/works/{firstTokenId}/edition?cursor=…</c>); null on the last page.</param>
public sealed record EditionTokenPage(long FirstTokenId, int Size, int? Minted, IReadOnlyList<EditionToken> Tokens, string? NextCursor, string? Next);

/// <summary>
/// An edition's tokens from the index. An edition's token ids are one contiguous range reserved at its
/// registration, so its tokens are a primary-key range scan: no index of its own, and cheap for 10,000 tokens.
/// </summary>
public static class EditionTokens
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The edition's first token and size as the index holds them for <paramref name="token"/> (a unique work: itself, 1).</summary>
    public static (long FirstTokenId, int Size) EditionOf(IndexedToken token) =>
        (token.EditionFirstTokenId ?? token.TokenId, token.EditionSize ?? 1);

    /// <summary>The page of the edition's tokens after token id <paramref name="afterTokenId"/> (0: from No. 1).</summary>
    public static async Task<EditionTokenPage> PageAsync(AppDbContext db, string deploymentKey, long firstTokenId, int size,
        long afterTokenId, int limit, CancellationToken ct)
    {
        var last = firstTokenId + size - 1;
        var range = db.IndexedTokens.AsNoTracking()
            .Where(t => t.DeploymentKey == deploymentKey && t.TokenId >= firstTokenId && t.TokenId <= last);
        var minted = await range.CountAsync(ct);
        var page = await range.Where(t => t.TokenId > afterTokenId).OrderBy(t => t.TokenId).Take(limit + 1)
            .Select(t => new { t.TokenId, t.Owner }).ToListAsync(ct);
        var more = page.Count > limit;
        if (more) page.RemoveAt(page.Count - 1);
        var cursor = more ? WorkCursor.Encode(page[^1].TokenId) : null;
        return new EditionTokenPage(firstTokenId, size, minted,
            page.Select(t => new EditionToken(t.TokenId, (int)(t.TokenId - firstTokenId + 1), t.Owner)).ToList(),
            cursor, cursor is null ? null : $"/api/v1/works/{firstTokenId}/edition?cursor={cursor}");
    }
}
