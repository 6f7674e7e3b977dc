using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Metadata;

/// <summary>One confirmed change of a work's title and description, as reads show it.</summary>
public sealed record MetadataChangeView(
    int Version,
    string Title,
    string? Description,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    string? TransactionHash);

/// <summary>A work's confirmed metadata changes, oldest first; the last one is its current title and description.</summary>
public static class MetadataHistory
{
    public static async Task<IReadOnlyList<MetadataChangeView>> OfAsync(AppDbContext db, string deploymentKey, long firstTokenId, CancellationToken ct) =>
        await db.MetadataChanges.AsNoTracking()
            .Where(c => c.DeploymentKey == deploymentKey && c.TokenId == firstTokenId)
            .OrderBy(c => c.Version)
            .Select(c => new MetadataChangeView(c.Version, c.Title, c.Description, c.ChangedBy, c.ChangedAt, c.TransactionHash))
            .ToListAsync(ct);
}
