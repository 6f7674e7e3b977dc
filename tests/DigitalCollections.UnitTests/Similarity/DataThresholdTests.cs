using System.Numerics;
using DigitalCollections.Api.Similarity;

namespace DigitalCollections.UnitTests.Similarity;

/// <summary>
/// The Data-Codes of unrelated files are 64 random bits, so the default Data-Code threshold is bounded by how many
/// works a registry holds: a new unrelated file must rarely land within it of any of them.
/// </summary>
public sealed class DataThresholdTests
{
    /// <summary>The share of pairs of random 64-bit codes within <paramref name="bits"/> of each other.</summary>
    private static double WithinShare(int bits)
    {
        BigInteger within = 0, choose = 1;
        for (var k = 0; k <= bits; k++)
        {
            within += choose;
            choose = choose * (64 - k) / (k + 1);
        }
        return (double)within / Math.Pow(2, 64);
    }

    [Fact]
    public void At_a_million_works_an_unrelated_file_is_refused_at_most_once_in_a_thousand_registrations()
    {
        var expectedFalseMatches = WithinShare(new SimilarityOptions().MaxDistanceData) * 1_000_000;
        Assert.True(expectedFalseMatches <= 1e-3, $"{expectedFalseMatches:E2} false matches per registration");
    }

    [Fact]
    public void The_share_is_the_binomial_tail() =>
        Assert.Equal(2.28e-7, WithinShare(12), 2e-9);
}
