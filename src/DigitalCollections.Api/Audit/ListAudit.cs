using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Audit;

/// <summary>One row of the audit trail as served: everything needed to check its hash (see docs/audit-trail.md).</summary>
public sealed record AuditEntryView(long Sequence, DateTimeOffset At, string Actor, string Action, string Details, string PreviousHash, string Hash)
{
    public static AuditEntryView Of(AuditEntry e) => new(e.Sequence, e.At, e.Actor, e.Action, e.Details, e.PreviousHash, e.Hash);
}

/// <summary>
/// A page of the audit trail, oldest first, and the check of the whole chain: <paramref name="Verified"/> is
/// false from the first row that breaks it (<paramref name="FirstBadSequence"/>, with <paramref name="Problem"/>).
/// </summary>
/// <param name="Entries">Rows after the <c>after</c> cursor, in sequence order.</param>
/// <param name="Next">The cursor of the next page (pass it as <c>after</c>), null on the last page.</param>
/// <param name="Verified">Whether every stored row, not only this page's, holds the chain.</param>
/// <param name="CheckedEntries">How many rows the check read.</param>
/// <param name="FirstBadSequence">The first row that breaks the chain, when one does.</param>
/// <param name="Problem">Why it breaks there.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, long? Next, bool Verified, long CheckedEntries,
    long? FirstBadSequence, string? Problem);

/// <summary>GET /api/v1/audit: scope audit.</summary>
public static class ListAuditEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void MapListAudit(this IEndpointRouteBuilder api) =>
        api.MapGet("/audit", async (string? after, string? limit, AppDbContext db, CancellationToken ct) =>
            {
                var from = ParseWhole(after, "after", long.MaxValue) ?? 0;
                var take = (int)(ParseWhole(limit, "limit", MaxLimit) ?? DefaultLimit);
                if (take < 1) throw ApiProblemException.BadRequest("limit", $"'limit' must be a whole number between 1 and {MaxLimit}.");
                var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > from).OrderBy(e => e.Sequence)
                    .Take(take + 1).ToListAsync(ct);
                var (broken, checkedRows) = await VerifyAsync(db, ct);
                var page = rows.Take(take).Select(AuditEntryView.Of).ToList();
                return Results.Ok(new AuditPage(page, rows.Count > take ? page[^1].Sequence : null, broken is null, checkedRows,
                    broken?.Sequence, broken?.Reason));
            })
            .WithName("ListAudit")
            .RateLimited(RateLimitPolicies.Reads)
            .RequireScope(AdminScopes.Audit)
            .WithTags("Admin")
            .WithSummary("The audit trail of privileged actions, oldest first, with whether its hash chain verifies")
            .Produces<AuditPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

    /// <summary>The whole chain, read in slices so a long trail does not sit in memory at once.</summary>
    private static async Task<(AuditBreak? Break, long Checked)> VerifyAsync(AppDbContext db, CancellationToken ct)
    {
        AuditEntry? previous = null;
        long count = 0;
        while (true)
        {
            var after = previous?.Sequence ?? long.MinValue;
            var slice = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(1000).ToListAsync(ct);
            if (slice.Count == 0) return (null, count);
            if (AuditChain.FindBreak(slice, previous) is { } broken) return (broken, count + slice.Count(r => r.Sequence <= broken.Sequence));
            count += slice.Count;
            previous = slice[^1];
        }
    }

    private static long? ParseWhole(string? value, string field, long max) =>
        value is null ? null
        : long.TryParse(value, System.Globalization.NumberStyles.None, null, out var n) && n <= max ? n
        : throw ApiProblemException.BadRequest(field, $"'{field}' must be a whole number between 0 and {max}.");
}
