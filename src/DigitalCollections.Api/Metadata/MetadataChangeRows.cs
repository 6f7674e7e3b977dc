using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using DigitalCollections.Api.Works;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Metadata;

/// <summary>
/// The rows the finalizer writes for confirmed announceMetadataChange transactions, in the same database
/// transaction as their "confirmed" (so a confirmed change is always in the history), as plain INSERTs.
/// </summary>
internal static class MetadataChangeRows
{
    public static MetadataChange From(ChainTransaction row, DateTimeOffset changedAt)
    {
        var request = row.Request<MetadataChangeRequest>();
        return new MetadataChange
        {
            DeploymentKey = row.DeploymentKey,
            TokenId = request.FirstTokenId,
            Version = request.Version,
            Title = request.Title,
            Description = request.Description,
            ChangedBy = request.ChangedBy,
            ChangedAt = changedAt,
            Signature = request.Signature,
            TransactionHash = row.TransactionHash,
        };
    }

    /// <summary>The changes whose version is not recorded yet: a replay after a crash must not add one twice.</summary>
    public static async Task<List<MetadataChange>> NotRecordedAsync(AppDbContext db, List<MetadataChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return changes;
        var key = changes[0].DeploymentKey;
        var tokens = changes.Select(c => c.TokenId).Distinct().ToList();
        var recorded = (await db.MetadataChanges.AsNoTracking()
                .Where(c => c.DeploymentKey == key && tokens.Contains(c.TokenId))
                .Select(c => new { c.TokenId, c.Version }).ToListAsync(ct))
            .Select(c => (c.TokenId, c.Version)).ToHashSet();
        return changes.Where(c => recorded.Add((c.TokenId, c.Version))).ToList();
    }

    public static readonly (string Property, Func<MetadataChange, object?> Value)[] Columns =
    [
        (nameof(MetadataChange.DeploymentKey), c => c.DeploymentKey), (nameof(MetadataChange.TokenId), c => c.TokenId),
        (nameof(MetadataChange.Version), c => c.Version), (nameof(MetadataChange.Title), c => c.Title),
        (nameof(MetadataChange.Description), c => c.Description), (nameof(MetadataChange.ChangedBy), c => c.ChangedBy),
        (nameof(MetadataChange.ChangedAt), c => c.ChangedAt), (nameof(MetadataChange.Signature), c => c.Signature),
        (nameof(MetadataChange.TransactionHash), c => c.TransactionHash),
    ];
}
