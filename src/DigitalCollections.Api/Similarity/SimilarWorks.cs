using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Registered works within the thresholds of a query's codes, best first: the index finds the token ids, the
/// store adds who created and who owns each. A query's Image-Code is also looked for among the registered images'
/// variant codes (a copy that is a crop of a registered image), reported as <c>imageVariant</c>. The other way (the
/// query's variants among the registered Image-Codes: a registered crop of the new image) is not looked for: at
/// 1,000,000 codes it costs about 130 times the lookup of one code (docs/benchmarks.md).
/// A work that matches by several codes is listed once, by the code nearest relative to its kind's threshold
/// (distance ÷ threshold): the kinds' thresholds differ several-fold (region 2, image 12 bits), so raw bits would
/// always favour the kind with the tighter one.
/// </summary>
public sealed class SimilarWorks(SimilarityIndex index, SimilarityIndexRefresher refresher, AppDbContext db, Deployment deployment,
    IOptions<SimilarityOptions> options)
{
    public async Task<IReadOnlyList<SimilarWork>> FindAsync(SimilarityQuery query, CancellationToken ct)
    {
        await refresher.CatchUpAsync(ct);
        var limit = Math.Max(1, options.Value.MaxMatches);
        var best = Nearest(index, query, options.Value, limit);
        if (best.Count == 0) return [];

        var ids = best.Keys.ToList();
        var key = deployment.Key;
        var works = await db.Works.AsNoTracking().Where(w => w.DeploymentKey == key && ids.Contains(w.TokenId))
            .Select(w => new { w.TokenId, w.Creator, w.RegisteredAt }).ToListAsync(ct);
        var owners = await db.IndexedTokens.AsNoTracking().Where(t => t.DeploymentKey == key && ids.Contains(t.TokenId))
            .Select(t => new { t.TokenId, t.Owner }).ToDictionaryAsync(t => t.TokenId, t => t.Owner, ct);
        return works
            .Select(w => (Work: w, Hit: best[w.TokenId]))
            .OrderBy(x => Relative(x.Hit, options.Value)).ThenBy(x => x.Hit.Distance).ThenBy(x => x.Work.RegisteredAt).ThenBy(x => x.Work.TokenId)
            .Take(limit)
            .Select(x => new SimilarWork(x.Work.TokenId, x.Work.Creator, owners.GetValueOrDefault(x.Work.TokenId), x.Work.RegisteredAt,
                SimilarWork.KindName(x.Hit.Kind), x.Hit.Distance, SimilarWork.SimilarityOf(x.Hit.Distance)))
            .ToList();
    }

    /// <summary>Which index columns a query code of <paramref name="kind"/> is looked for in, and the kind a hit there is reported as.</summary>
    internal static IEnumerable<(SimilarityCodeKind Column, SimilarityCodeKind Reported)> Searches(SimilarityCodeKind kind) => kind switch
    {
        SimilarityCodeKind.Image => [(SimilarityCodeKind.Image, SimilarityCodeKind.Image), (SimilarityCodeKind.ImageVariant, SimilarityCodeKind.ImageVariant)],
        _ => [(kind, kind)],
    };

    /// <summary>Each work within reach of the query, by its nearest hit relative to the kind's threshold.</summary>
    internal static Dictionary<long, SimilarityHit> Nearest(SimilarityIndex index, SimilarityQuery query, SimilarityOptions options, int limit)
    {
        var best = new Dictionary<long, SimilarityHit>();
        foreach (var (kind, codes) in query.Codes)
        {
            foreach (var (column, reported) in Searches(kind))
            {
                foreach (var found in index.Search(column, codes, options.MaxDistance(reported), limit))
                {
                    var hit = found with { Kind = reported };
                    if (!best.TryGetValue(hit.TokenId, out var known) || Nearer(hit, known, options)) best[hit.TokenId] = hit;
                }
            }
        }
        return best;
    }

    /// <summary>The hit's distance as a share of its kind's threshold: 0 is identical, 1 at the threshold.</summary>
    internal static double Relative(SimilarityHit hit, SimilarityOptions options) =>
        hit.Distance == 0 ? 0 : (double)hit.Distance / Math.Max(1, options.MaxDistance(hit.Kind));

    private static bool Nearer(SimilarityHit hit, SimilarityHit than, SimilarityOptions options) =>
        Relative(hit, options) < Relative(than, options)
        || (Relative(hit, options) == Relative(than, options) && hit.Distance < than.Distance);
}
