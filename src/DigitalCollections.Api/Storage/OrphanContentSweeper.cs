using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Storage;

/// <summary>
/// Deletes stored bytes that no work and no mint in flight (a queued or sent outbox row) refers to. A mint
/// keeps its bytes just before it records its outbox row; a process that dies in between leaves them behind,
/// and a refused mint whose clean-up did not run does too. Bytes stored within <see cref="Grace"/> are left
/// alone: another instance sharing the database may be about to record their mint. Runs at start and hourly.
/// </summary>
public sealed class OrphanContentSweeper(
    ContentStore store,
    KeyedLocks locks,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<OrphanContentSweeper> logger) : BackgroundService
{
    internal static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int Batch = 500;

    /// <summary>One pass over the rows and the files; returns how many were deleted.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var before = clock.GetUtcNow() - Grace;
        var cutoff = before.ToUnixTimeSeconds();

        var candidates = await db.StoredContents.AsNoTracking()
            .Where(c => c.StoredAtUnix < cutoff)
            .Where(c => !db.Works.Any(w => w.ContentHash == c.ContentHash))
            .Where(c => !db.ChainTransactions.Any(t => t.ContentHash == c.ContentHash
                && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent)))
            .Select(c => c.ContentHash)
            .ToListAsync(ct);
        foreach (var files in store.Files().Where(f => f.StoredAt < before).Select(f => f.ContentHash).Chunk(Batch))
        {
            var used = await db.Works.Where(w => files.Contains(w.ContentHash)).Select(w => w.ContentHash)
                .Union(db.ChainTransactions.Where(t => files.Contains(t.ContentHash!)
                    && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent)).Select(t => t.ContentHash!))
                .ToListAsync(ct);
            candidates.AddRange(files.Except(used, StringComparer.OrdinalIgnoreCase));
        }

        var deleted = 0;
        foreach (var hash in candidates.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            // Under the content's lock, as the finalizer forgets a failed mint's bytes: a mint of the same bytes in
            // this process holds it from its checks until its outbox row is written.
            using var _ = await locks.AcquireAsync(hash, ct);
            if (await InUseAsync(db, hash, ct)) continue;
            await store.DeleteAsync(hash, db, ct);
            deleted++;
        }
        return deleted;
    }

    private static async Task<bool> InUseAsync(AppDbContext db, string hash, CancellationToken ct) =>
        await db.Works.AnyAsync(w => w.ContentHash == hash, ct)
        || await db.ChainTransactions.AnyAsync(t => t.ContentHash == hash
            && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent), ct);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var swept = await SweepOnceAsync(stop);
                if (swept > 0) logger.LogInformation("Deleted the stored bytes of {Count} upload(s) that no work or mint refers to", swept);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sweeping unreferenced content failed; next try in {Interval}", Interval);
            }
            try { await Task.Delay(Interval, clock, stop); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }
    }
}
