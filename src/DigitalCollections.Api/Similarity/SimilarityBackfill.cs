using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Computes the codes of works registered before codes were kept, from their stored bytes, title and
/// description. A work whose bytes this store does not hold (registered directly on the contract, or lost)
/// keeps no codes and takes no part in similarity; that is logged, not fatal. Image works registered before
/// variant codes were kept get those (<see cref="FillVariantsAsync"/>).
/// </summary>
public sealed class SimilarityBackfill(AppDbContext db, ContentStore store, WorkCodeGenerator generator, Deployment deployment,
    ILogger<SimilarityBackfill> log)
{
    /// <summary>Fills in the rows without codes; returns how many got them.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var pending = await db.Works.AsNoTracking()
            .Where(w => w.DeploymentKey == deployment.Key && w.IsccInstance == null)
            .OrderBy(w => w.Id)
            .Select(w => new { w.Id, w.ContentHash, w.ContentType, w.FileName, w.Title, w.Description })
            .ToListAsync(ct);
        var filled = 0;
        foreach (var work in pending)
        {
            await using var stream = await store.OpenReadAsync(work.ContentHash, db, ct);
            if (stream is null)
            {
                log.LogWarning("Work row {Id}: bytes {ContentHash} are not in the store, so it gets no ISCC codes", work.Id, work.ContentHash);
                continue;
            }
            var (_, codes) = await generator.GenerateAsync(stream, work.ContentType, work.FileName, work.Title, work.Description, ct);
            var regions = WorkCodes.PackCodes(codes.Regions);
            var variants = codes.PackVariants();
            var bits = unchecked((long)codes.Bits);
            await db.Works.Where(w => w.Id == work.Id).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Iscc, codes.Iscc)
                .SetProperty(w => w.IsccMeta, codes.Meta)
                .SetProperty(w => w.IsccContent, codes.Content)
                .SetProperty(w => w.IsccData, codes.Data)
                .SetProperty(w => w.IsccInstance, codes.Instance)
                .SetProperty(w => w.ContentKind, codes.ContentKind)
                .SetProperty(w => w.ContentReason, codes.ContentReason)
                .SetProperty(w => w.SimilarityKind, (int)codes.Kind)
                .SetProperty(w => w.SimilarityBits, bits)
                .SetProperty(w => w.SimilarityRegions, regions)
                .SetProperty(w => w.SimilarityVariants, variants), ct);
            filled++;
        }
        if (filled > 0) log.LogInformation("Computed ISCC codes of {Count} works registered before codes were kept", filled);
        return filled;
    }

    /// <summary>
    /// Computes the variant codes of image works compared by their Image-Code that have none yet, stores them and
    /// hands each work's to <paramref name="computed"/> (for the index, which loaded the row without them);
    /// returns how many got them.
    /// </summary>
    public async Task<int> FillVariantsAsync(Action<long, ulong[]> computed, CancellationToken ct)
    {
        var image = (int)SimilarityCodeKind.Image;
        var pending = await db.Works.AsNoTracking()
            .Where(w => w.DeploymentKey == deployment.Key && w.SimilarityKind == image && w.SimilarityVariants == null)
            .OrderBy(w => w.Id)
            .Select(w => new { w.Id, w.TokenId, w.ContentHash, w.ContentType, w.FileName, w.Title, w.Description })
            .ToListAsync(ct);
        var filled = 0;
        foreach (var work in pending)
        {
            await using var stream = await store.OpenReadAsync(work.ContentHash, db, ct);
            if (stream is null) continue; // RunAsync logged it when the codes were made, or the bytes went since
            var (_, codes) = await generator.GenerateAsync(stream, work.ContentType, work.FileName, work.Title, work.Description, ct);
            if (codes.Kind != SimilarityCodeKind.Image || codes.PackVariants() is not { } variants) continue;
            await db.Works.Where(w => w.Id == work.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.SimilarityVariants, variants), ct);
            computed(work.TokenId, codes.Variants!);
            filled++;
        }
        if (filled > 0) log.LogInformation("Computed image variant codes of {Count} works registered before they were kept", filled);
        return filled;
    }
}
