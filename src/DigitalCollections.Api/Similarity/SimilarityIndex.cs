using System.Numerics;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Every registered work's 64-bit similarity codes in memory, searched by Hamming distance. An exact scan:
/// a 64-bit code's neighbourhood within the thresholds we use (8–12 bits) holds billions of codes, so
/// bucketing schemes (multi-index hashing) must probe many buckets per query and win little over scanning
/// 8 bytes per code, which a core does at memory speed (see docs/benchmarks.md for the figures at 1,000,000).
/// Append-only per kind: writers add under a lock and publish the new count last; readers scan a snapshot
/// (array and count) without locking, and an array grown later leaves the snapshot's array intact.
/// A work may hold several codes of a kind (image regions); a search reports each work once, at its least distance.
/// </summary>
public sealed class SimilarityIndex
{
    private readonly Column[] _columns = Enum.GetValues<SimilarityCodeKind>().Select(_ => new Column()).ToArray();

    /// <summary>Codes held, over all kinds.</summary>
    public long Count => _columns.Sum(c => (long)c.Snapshot().Count);

    /// <summary>Codes held of one kind.</summary>
    public int CountOf(SimilarityCodeKind kind) => _columns[(int)kind].Snapshot().Count;

    /// <summary>Approximate bytes held by the codes and their token ids (capacity, not count).</summary>
    public long MemoryBytes => _columns.Sum(c => c.CapacityBytes);

    /// <summary>Adds one code of a work. Adding the same (token, kind, code) twice is harmless but wasteful.</summary>
    public void Add(long tokenId, SimilarityCodeKind kind, ulong code) => _columns[(int)kind].Add(tokenId, code);

    /// <summary>Adds several codes of one kind of a work (image regions).</summary>
    public void Add(long tokenId, SimilarityCodeKind kind, ReadOnlySpan<ulong> codes)
    {
        foreach (var code in codes) _columns[(int)kind].Add(tokenId, code);
    }

    /// <summary>Forgets every code (a chain reset: the works of the old deployment are gone).</summary>
    public void Clear()
    {
        foreach (var column in _columns) column.Clear();
    }

    /// <summary>
    /// Works with a code of <paramref name="kind"/> within <paramref name="maxDistance"/> bits of any of the
    /// query codes, nearest first (ties: lower token id first), at most <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<SimilarityHit> Search(SimilarityCodeKind kind, ReadOnlySpan<ulong> query, int maxDistance, int limit)
    {
        if (query.IsEmpty || limit <= 0 || maxDistance < 0) return [];
        var (codes, tokens, count) = _columns[(int)kind].Snapshot();
        Dictionary<long, int>? best = null;
        for (var i = 0; i < count; i++)
        {
            var code = codes[i];
            var distance = int.MaxValue;
            foreach (var q in query) distance = Math.Min(distance, BitOperations.PopCount(code ^ q));
            if (distance > maxDistance) continue;
            best ??= new Dictionary<long, int>();
            var token = tokens[i];
            if (!best.TryGetValue(token, out var known) || distance < known) best[token] = distance;
        }
        if (best is null) return [];
        return best.OrderBy(p => p.Value).ThenBy(p => p.Key).Take(limit)
            .Select(p => new SimilarityHit(p.Key, kind, p.Value)).ToList();
    }

    /// <summary>Search with one query code.</summary>
    public IReadOnlyList<SimilarityHit> Search(SimilarityCodeKind kind, ulong query, int maxDistance, int limit) =>
        Search(kind, [query], maxDistance, limit);

    private sealed class Column
    {
        private readonly Lock _write = new();
        private ulong[] _codes = new ulong[1024];
        private long[] _tokens = new long[1024];
        private volatile int _count;

        public long CapacityBytes => (long)Volatile.Read(ref _codes).Length * (sizeof(ulong) + sizeof(long));

        public (ulong[] Codes, long[] Tokens, int Count) Snapshot()
        {
            // Count first: arrays read after it hold at least that many published entries.
            var count = _count;
            return (Volatile.Read(ref _codes), Volatile.Read(ref _tokens), count);
        }

        public void Add(long tokenId, ulong code)
        {
            lock (_write)
            {
                var count = _count;
                if (count == _codes.Length)
                {
                    var codes = new ulong[count * 2];
                    var tokens = new long[count * 2];
                    Array.Copy(_codes, codes, count);
                    Array.Copy(_tokens, tokens, count);
                    Volatile.Write(ref _tokens, tokens);
                    Volatile.Write(ref _codes, codes);
                }
                _codes[count] = code;
                _tokens[count] = tokenId;
                _count = count + 1;
            }
        }

        public void Clear()
        {
            lock (_write)
            {
                _count = 0;
                Volatile.Write(ref _tokens, new long[1024]);
                Volatile.Write(ref _codes, new ulong[1024]);
            }
        }
    }
}
