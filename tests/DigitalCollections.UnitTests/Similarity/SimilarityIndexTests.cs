using System.Numerics;
using DigitalCollections.Api.Similarity;

namespace DigitalCollections.UnitTests.Similarity;

public class SimilarityIndexTests
{
    [Fact]
    public void Search_finds_exactly_the_works_a_brute_force_scan_finds_nearest_first()
    {
        var random = new Random(7);
        var index = new SimilarityIndex();
        var codes = new List<(long Token, ulong Code)>();
        var query = (ulong)random.NextInt64();
        for (var token = 1L; token <= 5000; token++)
        {
            // A share of the codes lies near the query, so the threshold has something to cut.
            var code = token % 10 == 0 ? Flip(query, random.Next(0, 20), random) : (ulong)random.NextInt64();
            codes.Add((token, code));
            index.Add(token, SimilarityCodeKind.Image, code);
        }

        var hits = index.Search(SimilarityCodeKind.Image, query, maxDistance: 12, limit: 10_000);

        var expected = codes.Select(c => (c.Token, Distance: BitOperations.PopCount(c.Code ^ query)))
            .Where(c => c.Distance <= 12).OrderBy(c => c.Distance).ThenBy(c => c.Token).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, hits.Select(h => (h.TokenId, h.Distance)).ToList());
        Assert.All(hits, h => Assert.Equal(SimilarityCodeKind.Image, h.Kind));
    }

    [Fact]
    public void A_work_with_several_codes_is_reported_once_at_its_least_distance()
    {
        var index = new SimilarityIndex();
        index.Add(3, SimilarityCodeKind.ImageRegion, [0b1111UL, 0b1UL, ulong.MaxValue]);
        index.Add(4, SimilarityCodeKind.ImageRegion, [0b11UL]);

        var hits = index.Search(SimilarityCodeKind.ImageRegion, [0UL, 0b10UL], maxDistance: 4, limit: 10);

        Assert.Equal([new SimilarityHit(3, SimilarityCodeKind.ImageRegion, 1), new SimilarityHit(4, SimilarityCodeKind.ImageRegion, 1)], hits);
    }

    [Fact]
    public void Kinds_are_kept_apart_and_limit_and_clear_hold()
    {
        var index = new SimilarityIndex();
        index.Add(1, SimilarityCodeKind.Text, 42UL);
        index.Add(2, SimilarityCodeKind.Data, 42UL);
        index.Add(3, SimilarityCodeKind.Data, 43UL);

        Assert.Equal([1L], index.Search(SimilarityCodeKind.Text, 42UL, 0, 10).Select(h => h.TokenId));
        Assert.Equal([2L], index.Search(SimilarityCodeKind.Data, 42UL, 1, 1).Select(h => h.TokenId));
        Assert.Empty(index.Search(SimilarityCodeKind.Image, 42UL, 64, 10));
        Assert.Equal(3, index.Count);

        index.Clear();
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Search(SimilarityCodeKind.Data, 42UL, 64, 10));
    }

    [Fact]
    public async Task Readers_see_a_consistent_snapshot_while_a_writer_grows_the_arrays()
    {
        var index = new SimilarityIndex();
        var writer = Task.Run(() =>
        {
            for (var token = 1L; token <= 200_000; token++) index.Add(token, SimilarityCodeKind.Data, (ulong)token);
        });
        while (!writer.IsCompleted)
        {
            // Every published entry holds its own token's code: a torn read would pair a token with another code.
            foreach (var hit in index.Search(SimilarityCodeKind.Data, 1000UL, 0, 10)) Assert.Equal(1000L, hit.TokenId);
        }
        await writer;
        Assert.Equal(200_000, index.CountOf(SimilarityCodeKind.Data));
    }

    private static ulong Flip(ulong code, int bits, Random random)
    {
        var positions = Enumerable.Range(0, 64).OrderBy(_ => random.Next()).Take(bits);
        foreach (var p in positions) code ^= 1UL << p;
        return code;
    }
}
