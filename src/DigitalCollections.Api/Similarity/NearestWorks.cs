namespace DigitalCollections.Api.Similarity;

/// <summary>
/// The least distance seen per work during one search (a work may match through several codes, or be
/// found more than once by <see cref="SegmentIndex"/>), then the nearest of them in answer order.
/// </summary>
internal sealed class NearestWorks
{
    private Dictionary<long, int>? _best;

    public void Offer(long tokenId, int distance)
    {
        _best ??= [];
        if (!_best.TryGetValue(tokenId, out var known) || distance < known) _best[tokenId] = distance;
    }

    /// <summary>Nearest first, ties by lower token id, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<SimilarityHit> Top(SimilarityCodeKind kind, int limit)
    {
        if (_best is null) return [];
        return _best.OrderBy(p => p.Value).ThenBy(p => p.Key).Take(limit)
            .Select(p => new SimilarityHit(p.Key, kind, p.Value)).ToList();
    }
}
