using System.Numerics;
using DigitalCollections.Api.Similarity;

namespace DigitalCollections.UnitTests.Similarity;

/// <summary>
/// The index with its segment index (multi-index hashing) built early and on the writer's thread, so that
/// small sets take that path for thresholds below 20 bits and the scan for the rest.
/// </summary>
public class SimilarityIndexSegmentTests
{
    [Fact]
    public void Search_through_the_segment_index_equals_a_brute_force_scan_for_every_threshold_and_query_size()
    {
        var random = new Random(11);
        var queries = Enumerable.Range(0, 16).Select(_ => RandomCode(random)).ToArray();
        var entries = new List<(long Token, ulong Code)>();
        for (var token = 1L; token <= 4000; token++)
        {
            var code = (token % 5) switch
            {
                // Near a query at every distance up to 24, so each threshold has something to cut.
                0 => Flip(queries[random.Next(queries.Length)], random.Next(0, 25), random),
                // A crowded bucket: a shared low segment, as real codes share patterns.
                1 => (RandomCode(random) & ~0xFFFFUL) | 0xBEEF,
                _ => RandomCode(random),
            };
            entries.Add((token, code));
        }
        // A work with several codes: found once, at its least distance.
        entries.Add((2, Flip(queries[3], 2, random)));
        entries.Add((2, Flip(queries[3], 5, random)));
        var index = new SimilarityIndex(sealAt: 256, sealInBackground: false);
        foreach (var (token, code) in entries) index.Add(token, SimilarityCodeKind.Image, code);
        // Codes after the last build, which only the scan covers.
        for (var token = 4001L; token <= 4100; token++)
        {
            var code = Flip(queries[random.Next(queries.Length)], random.Next(0, 25), random);
            entries.Add((token, code));
            index.Add(token, SimilarityCodeKind.Image, code);
        }

        foreach (var queryCount in new[] { 1, 3, 16 })
        {
            var query = queries[..queryCount];
            for (var maxDistance = 0; maxDistance <= 24; maxDistance++)
            {
                var expected = entries
                    .Select(e => (e.Token, Distance: query.Min(q => BitOperations.PopCount(e.Code ^ q))))
                    .Where(e => e.Distance <= maxDistance)
                    .GroupBy(e => e.Token, (token, d) => (Token: token, Distance: d.Min(x => x.Distance)))
                    .OrderBy(e => e.Distance).ThenBy(e => e.Token).ToList();
                var hits = index.Search(SimilarityCodeKind.Image, query, maxDistance, limit: 100_000);
                Assert.Equal(expected, hits.Select(h => (h.TokenId, h.Distance)).ToList());
                if (maxDistance >= 4) Assert.NotEmpty(expected);
            }
        }
    }

    [Fact]
    public void The_segment_index_counts_in_MemoryBytes_and_goes_with_Clear()
    {
        var random = new Random(5);
        var index = new SimilarityIndex(sealAt: 2048, sealInBackground: false);
        for (var token = 1L; token < 2048; token++) index.Add(token, SimilarityCodeKind.Text, RandomCode(random));
        var beforeBuild = index.MemoryBytes;
        index.Add(2048, SimilarityCodeKind.Text, 42UL);
        // 32 bytes a code (position and 32 bits, four times) and 1 MiB of bucket offsets.
        Assert.True(index.MemoryBytes - beforeBuild >= 2048 * 32 + 4 * 65536 * 4, $"{beforeBuild} → {index.MemoryBytes}");
        Assert.Equal([2048L], index.Search(SimilarityCodeKind.Text, 42UL, 0, 10).Select(h => h.TokenId));

        index.Clear();
        Assert.True(index.MemoryBytes < beforeBuild);
        Assert.Empty(index.Search(SimilarityCodeKind.Text, 42UL, 0, 10));
        index.Add(7, SimilarityCodeKind.Text, 43UL);
        Assert.Equal([new SimilarityHit(7, SimilarityCodeKind.Text, 1)], index.Search(SimilarityCodeKind.Text, 42UL, 1, 10));
    }

    [Fact]
    public async Task Codes_stay_findable_while_segment_indexes_are_rebuilt_in_the_background()
    {
        var random = new Random(3);
        var index = new SimilarityIndex(sealAt: 1024, sealInBackground: true);
        var planted = RandomCode(random);
        index.Add(1, SimilarityCodeKind.Data, planted);
        var near = Flip(planted, 5, random);
        index.Add(2, SimilarityCodeKind.Data, near);
        var writer = Task.Run(() =>
        {
            var codes = new Random(4);
            for (var token = 3L; token <= 150_000; token++) index.Add(token, SimilarityCodeKind.Data, RandomCode(codes));
        });
        var searches = 0;
        while (!writer.IsCompleted || searches < 50)
        {
            // Every build swaps in while readers search: neither work may drop out of an answer, whichever path it takes.
            var hits = index.Search(SimilarityCodeKind.Data, planted, 8, 10);
            Assert.Contains(new SimilarityHit(1, SimilarityCodeKind.Data, 0), hits);
            Assert.Contains(new SimilarityHit(2, SimilarityCodeKind.Data, 5), hits);
            searches++;
        }
        await writer;
        Assert.Equal(150_000, index.CountOf(SimilarityCodeKind.Data));
    }

    [Fact]
    public void An_extended_segment_index_answers_as_one_built_at_once()
    {
        var random = new Random(9);
        var codes = Enumerable.Range(0, 20_000).Select(_ => RandomCode(random)).ToArray();
        for (var i = 0; i < 2000; i++) codes[random.Next(codes.Length)] = Flip(codes[random.Next(codes.Length)], random.Next(0, 10), random);
        var tokens = Enumerable.Range(0, codes.Length).Select(i => (long)i).ToArray();
        var extended = SegmentIndex.Build(codes, 5000);
        extended = SegmentIndex.Build(codes, 5001, extended);
        extended = SegmentIndex.Build(codes, 20_000, extended);
        var whole = SegmentIndex.Build(codes, 20_000);

        Assert.Equal(whole.Count, extended.Count);
        Assert.Equal(whole.Bytes, extended.Bytes);
        for (var i = 0; i < 200; i++)
        {
            var maxDistance = random.Next(0, 20);
            ulong[] query = [Flip(codes[random.Next(codes.Length)], random.Next(0, maxDistance + 1), random), RandomCode(random)];
            Assert.Equal(whole.Candidates(query, maxDistance), extended.Candidates(query, maxDistance));
            NearestWorks a = new(), b = new();
            whole.Search(codes, tokens, query, maxDistance, a);
            extended.Search(codes, tokens, query, maxDistance, b);
            var expected = a.Top(SimilarityCodeKind.Data, int.MaxValue);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, b.Top(SimilarityCodeKind.Data, int.MaxValue));
        }
    }

    private static ulong RandomCode(Random random) => unchecked((ulong)random.NextInt64(long.MinValue, long.MaxValue));

    private static ulong Flip(ulong code, int bits, Random random)
    {
        var flipped = 0UL;
        while (BitOperations.PopCount(flipped) < bits) flipped |= 1UL << random.Next(64);
        return code ^ flipped;
    }
}
