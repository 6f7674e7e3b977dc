using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Registered works within the thresholds of a query's codes, best first: the index finds the token ids, the
/// store adds who created and who owns each. A work that matches by several codes is listed once, by its
/// nearest code.
/// </summary>
public sealed class SimilarWorks(SimilarityIndex index, SimilarityIndexRefresher refresher, AppDbContext db, Deployment deployment,
    IOptions<SimilarityOptions> options)
{
    public async Task<IReadOnlyList<SimilarWork>> FindAsync(SimilarityQuery query, CancellationToken ct)
    {
        await refresher.CatchUpAsync(ct);
        var limit = Math.Max(1, options.Value.MaxMatches);
        var best = new Dictionary<long, SimilarityHit>();
        foreach (var (kind, codes) in query.Codes)
        {
            foreach (var hit in index.Search(kind, codes, options.Value.MaxDistance(kind), limit))
            {
                if (!best.TryGetValue(hit.TokenId, out var known) || hit.Distance < known.Distance) best[hit.TokenId] = hit;
            }
        }
        if (best.Count == 0) return [];

        var ids = best.Keys.ToList();
        var key = deployment.Key;
        var works = await db.Works.AsNoTracking().Where(w => w.DeploymentKey == key && ids.Contains(w.TokenId))
            .Select(w => new { w.TokenId, w.Creator, w.RegisteredAt }).ToListAsync(ct);
        var owners = await db.IndexedTokens.AsNoTracking().Where(t => t.DeploymentKey == key && ids.Contains(t.TokenId))
            .Select(t => new { t.TokenId, t.Owner }).ToDictionaryAsync(t => t.TokenId, t => t.Owner, ct);
        return works
            .Select(w => (Work: w, Hit: best[w.TokenId]))
            .OrderBy(x => x.Hit.Distance).ThenBy(x => x.Work.RegisteredAt).ThenBy(x => x.Work.TokenId)
            .Take(limit)
            .Select(x => new SimilarWork(x.Work.TokenId, x.Work.Creator, owners.GetValueOrDefault(x.Work.TokenId), x.Work.RegisteredAt,
                SimilarWork.KindName(x.Hit.Kind), x.Hit.Distance, SimilarWork.SimilarityOf(x.Hit.Distance)))
            .ToList();
    }
}
