namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Every registered work's 64-bit similarity codes in memory, searched by Hamming distance, exactly.
/// Codes are kept per kind in append-only columns. Most of a large column is covered by a
/// <see cref="SegmentIndex"/> (multi-index hashing), which examines a few thousand codes of 1,000,000 for
/// the thresholds we use; the codes added since it was built, and small columns, are scanned
/// (<see cref="HammingScan"/>). A search takes whichever is cheaper for its query, counted from the bucket
/// sizes: the buckets probed grow with the threshold, and from 20 bits on it always scans. Figures at
/// 1,000,000 codes are in docs/benchmarks.md.
/// <para>
/// Writers add under a lock and publish the new count last; readers take a snapshot (arrays, count, segment
/// index) without locking, and an array grown later leaves the snapshot's intact. The segment index is extended
/// off the writer's thread once a sixteenth of the column (at least <c>sealAt</c> codes) is not covered.
/// A work may hold several codes of a kind (image regions, image variants); a search reports each work once, at its least distance.
/// </para>
/// </summary>
public sealed class SimilarityIndex
{
    // Below this many codes a column is only scanned (cache-resident: 0.3 ms for 16 query codes at 32,768).
    private const int DefaultSealAt = 32_768;

    // What a candidate of the segment index costs, in codes scanned: its bucket is a random read, a scanned code
    // an eighth of a vector step. Measured at 1,000,000 codes on this project's machine: 20 ns against 0.5 ns.
    // So one whole-image code (12 bits, ~43,000 candidates) scans, and 16 region codes (6 bits, ~17,000) do not.
    private const int CandidateCost = 32;

    private readonly Column[] _columns;

    public SimilarityIndex()
        : this(DefaultSealAt, sealInBackground: true)
    {
    }

    /// <summary>For tests: build segment indexes from <paramref name="sealAt"/> codes on, and on the writer's thread if asked.</summary>
    internal SimilarityIndex(int sealAt, bool sealInBackground)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sealAt, 1);
        _columns = Enum.GetValues<SimilarityCodeKind>().Select(_ => new Column(sealAt, sealInBackground)).ToArray();
    }

    /// <summary>Codes held, over all kinds.</summary>
    public long Count => _columns.Sum(c => (long)c.Snapshot().Count);

    /// <summary>Codes held of one kind.</summary>
    public int CountOf(SimilarityCodeKind kind) => _columns[(int)kind].Snapshot().Count;

    /// <summary>Approximate bytes held: codes and token ids (capacity, not count) and the segment indexes.</summary>
    public long MemoryBytes => _columns.Sum(c => c.Bytes);

    /// <summary>Adds one code of a work. Adding the same (token, kind, code) twice is harmless but wasteful.</summary>
    public void Add(long tokenId, SimilarityCodeKind kind, ulong code) => _columns[(int)kind].Add(tokenId, [code]);

    /// <summary>Adds several codes of one kind of a work (image regions or variants).</summary>
    public void Add(long tokenId, SimilarityCodeKind kind, ReadOnlySpan<ulong> codes) => _columns[(int)kind].Add(tokenId, codes);

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
        var (codes, tokens, count, segments) = _columns[(int)kind].Snapshot();
        var nearest = new NearestWorks();
        var scanFrom = 0;
        if (segments is not null && SegmentIndex.Radius(maxDistance) <= SegmentIndex.MaxRadius
            && segments.Candidates(query, maxDistance) * CandidateCost < (long)segments.Count * query.Length)
        {
            segments.Search(codes, tokens, query, maxDistance, nearest);
            scanFrom = segments.Count;
        }
        HammingScan.Scan(codes.AsSpan(scanFrom, count - scanFrom), tokens.AsSpan(scanFrom, count - scanFrom), query, maxDistance, nearest);
        return nearest.Top(kind, limit);
    }

    /// <summary>Search with one query code.</summary>
    public IReadOnlyList<SimilarityHit> Search(SimilarityCodeKind kind, ulong query, int maxDistance, int limit) =>
        Search(kind, [query], maxDistance, limit);

    private sealed class Column(int sealAt, bool sealInBackground)
    {
        private readonly Lock _write = new();
        private Entries _entries = new();

        public long Bytes
        {
            get
            {
                var entries = Volatile.Read(ref _entries);
                return (long)Volatile.Read(ref entries.Codes).Length * (sizeof(ulong) + sizeof(long))
                    + (Volatile.Read(ref entries.Segments)?.Bytes ?? 0);
            }
        }

        public (ulong[] Codes, long[] Tokens, int Count, SegmentIndex? Segments) Snapshot()
        {
            var entries = Volatile.Read(ref _entries);
            // Segment index first, then the count: it covers published entries only, so the count read after
            // it is at least its size; arrays read after the count hold at least that many published entries.
            var segments = Volatile.Read(ref entries.Segments);
            var count = entries.Count;
            return (Volatile.Read(ref entries.Codes), Volatile.Read(ref entries.Tokens), count, segments);
        }

        public void Add(long tokenId, ReadOnlySpan<ulong> codes)
        {
            Entries? toSeal = null;
            lock (_write)
            {
                var entries = _entries;
                foreach (var code in codes) entries.Append(tokenId, code);
                if (!entries.Sealing && NeedsSealing(entries))
                {
                    entries.Sealing = true;
                    toSeal = entries;
                }
            }
            if (toSeal is null) return;
            if (sealInBackground) Task.Run(() => Seal(toSeal));
            else Seal(toSeal);
        }

        public void Clear()
        {
            // A segment index still being built for the old entries is published into them and dropped with them.
            lock (_write) Volatile.Write(ref _entries, new Entries());
        }

        private bool NeedsSealing(Entries entries)
        {
            var covered = entries.Segments?.Count ?? 0;
            return entries.Count >= sealAt && entries.Count - covered >= Math.Max(sealAt, covered / 16);
        }

        private void Seal(Entries entries)
        {
            try
            {
                var done = false;
                while (!done)
                {
                    // The first Count codes never change: Append writes past them and a grown array copies them.
                    var count = entries.Count;
                    // One sealer at a time per generation: the previous index is this loop's or an earlier sealer's.
                    var built = SegmentIndex.Build(Volatile.Read(ref entries.Codes), count, Volatile.Read(ref entries.Segments));
                    lock (_write)
                    {
                        Volatile.Write(ref entries.Segments, built);
                        // Codes added while this one was built may call for the next already (a bulk load at start).
                        done = !NeedsSealing(entries);
                        if (done) entries.Sealing = false;
                    }
                }
            }
            catch
            {
                // Out of memory: searches keep scanning what is not covered, and a later Add tries again.
                lock (_write) entries.Sealing = false;
                throw;
            }
        }
    }

    /// <summary>One generation of a column's entries (until <see cref="Clear"/>).</summary>
    private sealed class Entries
    {
        private const int InitialCapacity = 1024;

        public ulong[] Codes = new ulong[InitialCapacity];
        public long[] Tokens = new long[InitialCapacity];
        public volatile int Count;
        public SegmentIndex? Segments;
        public bool Sealing;

        // Under the column's lock.
        public void Append(long tokenId, ulong code)
        {
            var count = Count;
            if (count == Codes.Length)
            {
                var codes = new ulong[count * 2];
                var tokens = new long[count * 2];
                Array.Copy(Codes, codes, count);
                Array.Copy(Tokens, tokens, count);
                Volatile.Write(ref Tokens, tokens);
                Volatile.Write(ref Codes, codes);
            }
            Codes[count] = code;
            Tokens[count] = tokenId;
            Count = count + 1;
        }
    }
}
