using System.Text.Json;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Audit;

/// <summary>
/// <see cref="IAuditTrail"/> on the app's database. Appends are serialised across every instance sharing it, so
/// two rows never claim the same predecessor: on PostgreSQL by a transaction-level advisory lock taken before the
/// last row is read (held to commit); on SQLite by the write lock that BEGIN IMMEDIATE takes (Microsoft.Data.Sqlite's
/// default for a transaction). The sequence is the primary key besides, so a fork could not be stored at all.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider clock) : IAuditTrail
{
    /// <summary>pg_advisory_xact_lock key of the audit chain ("DCAUDIT" in ASCII).</summary>
    public const long LockKey = 0x0044_4341_5544_4954;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async Task<AuditEntry> AppendAsync(string actor, string action, object? details, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            var now = clock.GetUtcNow();
            var entry = new AuditEntry
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                At = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
                Actor = actor,
                Action = action,
                Details = JsonSerializer.Serialize(details ?? new { }, JsonOptions),
                PreviousHash = last?.Hash ?? AuditChain.Genesis,
                Hash = "",
            };
            entry.Hash = AuditChain.HashOf(entry);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
            return entry;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }
}
