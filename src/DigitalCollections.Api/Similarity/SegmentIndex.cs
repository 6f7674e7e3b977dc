using System.Numerics;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Multi-index hashing over an immutable prefix of a column's codes: each code is listed four times, under
/// each of its four 16-bit segments. Two codes within d bits differ in at least one segment by at most
/// ⌊d/4⌋ bits (pigeonhole), so a search reads only the buckets of the query's segments and of their values
/// within ⌊d/4⌋ bits (1, 17, 137, 697 or 2,517 buckets a segment for ⌊d/4⌋ = 0 … 4) instead of every code.
/// Beside each listed code lie the 32 bits of its next two segments, so most candidates are rejected by a
/// lower bound on their distance without reading the code itself. Exact: it finds what a scan finds.
/// <para>Memory: 8 bytes a code per segment (position and the 32 bits), 32 bytes a code in all, plus 1 MiB of bucket offsets.</para>
/// </summary>
internal sealed class SegmentIndex
{
    public const int MaxRadius = 4;
    private const int Segments = 4;
    private const int SegmentBits = 16;
    private const int Buckets = 1 << SegmentBits;

    // Every 16-bit mask of at most MaxRadius bits, fewest bits first; ProbeCounts[r] of them have at most r bits.
    private static readonly ushort[] FlipMasks = Enumerable.Range(0, Buckets)
        .Where(m => BitOperations.PopCount((uint)m) <= MaxRadius)
        .OrderBy(m => BitOperations.PopCount((uint)m)).ThenBy(m => m).Select(m => (ushort)m).ToArray();
    private static readonly int[] ProbeCounts = Enumerable.Range(0, MaxRadius + 1)
        .Select(r => FlipMasks.Count(m => BitOperations.PopCount((uint)m) <= r)).ToArray();

    private readonly int[][] _offsets;   // per segment: bucket b's entries are [offsets[b], offsets[b + 1])
    private readonly int[][] _positions; // per segment: the code's position in the column, in bucket order
    private readonly uint[][] _rest;     // per segment: the code's next two segments, in bucket order

    private SegmentIndex(int count, int[][] offsets, int[][] positions, uint[][] rest)
    {
        Count = count;
        _offsets = offsets;
        _positions = positions;
        _rest = rest;
    }

    /// <summary>Codes covered: positions 0 to Count − 1 of the column.</summary>
    public int Count { get; }

    public long Bytes => Segments * ((Buckets + 1) * (long)sizeof(int) + Count * (long)(sizeof(int) + sizeof(uint)));

    /// <summary>Radius a segment is probed with for <paramref name="maxDistance"/>; above <see cref="MaxRadius"/> a scan is cheaper.</summary>
    public static int Radius(int maxDistance) => maxDistance / Segments;

    /// <summary>
    /// Lists the first <paramref name="count"/> codes. Given the index of a shorter prefix of the same codes,
    /// its buckets are copied as they are and only the codes after it are sorted in: a sequential copy instead
    /// of a scatter of every code (at 1,000,000 codes, a sixteenth more costs a fraction of a full build).
    /// </summary>
    public static SegmentIndex Build(ulong[] codes, int count, SegmentIndex? previous = null)
    {
        if (previous is not null && previous.Count > count) throw new ArgumentException("the previous index covers more codes", nameof(previous));
        var from = previous?.Count ?? 0;
        var offsets = new int[Segments][];
        var positions = new int[Segments][];
        var rest = new uint[Segments][];
        var next = new int[Buckets];
        for (var s = 0; s < Segments; s++)
        {
            // Bucket sizes: the previous index's plus the new codes'.
            var offset = new int[Buckets + 1];
            for (var i = from; i < count; i++) offset[Segment(codes[i], s) + 1]++;
            var old = previous?._offsets[s];
            if (old is not null)
            {
                for (var b = 0; b < Buckets; b++) offset[b + 1] += old[b + 1] - old[b];
            }
            for (var b = 0; b < Buckets; b++) offset[b + 1] += offset[b];

            var position = GC.AllocateUninitializedArray<int>(count);
            var restBits = GC.AllocateUninitializedArray<uint>(count);
            Array.Copy(offset, next, Buckets);
            if (old is not null)
            {
                // Each bucket's old entries first: positions stay ascending within a bucket.
                var oldPositions = previous!._positions[s];
                var oldRest = previous._rest[s];
                for (var b = 0; b < Buckets; b++)
                {
                    var length = old[b + 1] - old[b];
                    if (length == 0) continue;
                    Array.Copy(oldPositions, old[b], position, next[b], length);
                    Array.Copy(oldRest, old[b], restBits, next[b], length);
                    next[b] += length;
                }
            }
            for (var i = from; i < count; i++)
            {
                var code = codes[i];
                var k = next[Segment(code, s)]++;
                position[k] = i;
                restBits[k] = Rest(code, s);
            }
            offsets[s] = offset;
            positions[s] = position;
            rest[s] = restBits;
        }
        return new SegmentIndex(count, offsets, positions, rest);
    }

    /// <summary>Entries a search with <paramref name="query"/> would examine: the summed sizes of the buckets it probes.</summary>
    public long Candidates(ReadOnlySpan<ulong> query, int maxDistance)
    {
        var probes = ProbeCounts[Radius(maxDistance)];
        long candidates = 0;
        foreach (var q in query)
        {
            for (var s = 0; s < Segments; s++)
            {
                var offset = _offsets[s];
                var segment = Segment(q, s);
                for (var p = 0; p < probes; p++)
                {
                    var bucket = segment ^ FlipMasks[p];
                    candidates += offset[bucket + 1] - offset[bucket];
                }
            }
        }
        return candidates;
    }

    /// <summary>
    /// Offers every code of the first <see cref="Count"/> within <paramref name="maxDistance"/> of a query code
    /// (some more than once); <paramref name="codes"/> and <paramref name="tokens"/> are the column's arrays.
    /// </summary>
    public void Search(ulong[] codes, long[] tokens, ReadOnlySpan<ulong> query, int maxDistance, NearestWorks into)
    {
        var probes = ProbeCounts[Radius(maxDistance)];
        foreach (var q in query)
        {
            for (var s = 0; s < Segments; s++)
            {
                var offset = _offsets[s];
                var position = _positions[s];
                var rest = _rest[s];
                var segment = Segment(q, s);
                var queryRest = Rest(q, s);
                for (var p = 0; p < probes; p++)
                {
                    var mask = FlipMasks[p];
                    // This segment differs by exactly the mask's bits; the rest bits add a lower bound on the remainder.
                    var budget = maxDistance - BitOperations.PopCount((uint)mask);
                    var bucket = segment ^ mask;
                    for (var k = offset[bucket]; k < offset[bucket + 1]; k++)
                    {
                        if (BitOperations.PopCount(rest[k] ^ queryRest) > budget) continue;
                        var at = position[k];
                        var distance = BitOperations.PopCount(codes[at] ^ q);
                        if (distance <= maxDistance) into.Offer(tokens[at], distance);
                    }
                }
            }
        }
    }

    private static int Segment(ulong code, int s) => (int)(code >> (SegmentBits * s)) & (Buckets - 1);

    // Segments s + 1 and s + 2 (mod 4) in the low and high half.
    private static uint Rest(ulong code, int s) => (uint)BitOperations.RotateRight(code, SegmentBits * (s + 1));
}
