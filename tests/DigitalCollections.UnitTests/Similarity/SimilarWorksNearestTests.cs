using DigitalCollections.Api.Similarity;

namespace DigitalCollections.UnitTests.Similarity;

/// <summary>Which registered works a query meets, by which code, when a work matches by several kinds.</summary>
public sealed class SimilarWorksNearestTests
{
    private static readonly SimilarityOptions Options = new();

    [Fact]
    public void A_work_matching_by_several_kinds_is_reported_by_the_nearest_relative_to_each_kinds_threshold()
    {
        var index = new SimilarityIndex();
        // Work 1: Image-Code 6 of 12 bits off (half the threshold), a region code 1 of 2 off (also half) → tie, fewer bits wins.
        // Work 2: Image-Code 3 of 12 off (a quarter), a region code 1 of 2 off (half) → the image code, though more bits.
        index.Add(1, SimilarityCodeKind.Image, Flip(0, 6));
        index.Add(1, SimilarityCodeKind.ImageRegion, [Flip(0xF0F0, 1)]);
        index.Add(2, SimilarityCodeKind.Image, Flip(0xFFFF_0000_0000_0000, 3));
        index.Add(2, SimilarityCodeKind.ImageRegion, [Flip(0x0F0F, 1)]);
        var first = new SimilarityQuery([(SimilarityCodeKind.Image, [0UL]), (SimilarityCodeKind.ImageRegion, [0xF0F0UL])]);
        var second = new SimilarityQuery([(SimilarityCodeKind.Image, [0xFFFF_0000_0000_0000UL]), (SimilarityCodeKind.ImageRegion, [0x0F0FUL])]);

        Assert.Equal(new SimilarityHit(1, SimilarityCodeKind.ImageRegion, 1), SimilarWorks.Nearest(index, first, Options, 10)[1]);
        Assert.Equal(new SimilarityHit(2, SimilarityCodeKind.Image, 3), SimilarWorks.Nearest(index, second, Options, 10)[2]);
    }

    [Fact]
    public void An_image_code_meets_registered_variant_codes_as_image_variant()
    {
        var index = new SimilarityIndex();
        index.Add(1, SimilarityCodeKind.ImageVariant, [0x5A5A_5A5A_5A5A_5A5AUL, Flip(0xABCD, 4)]); // the original of a cropped copy
        index.Add(2, SimilarityCodeKind.Image, Flip(0xABCD, 14)); // beyond the Image-Code threshold

        var copy = SimilarWorks.Nearest(index, new SimilarityQuery([(SimilarityCodeKind.Image, [0xABCDUL])]), Options, 10);

        Assert.Equal([new SimilarityHit(1, SimilarityCodeKind.ImageVariant, 4)], copy.Values);
        // 16 bits from the nearest variant, beyond the variant threshold: nothing is met.
        var far = SimilarWorks.Nearest(index, new SimilarityQuery([(SimilarityCodeKind.Image, [0xABCDUL ^ 0xFFF0_0000_0000UL])]), Options, 10);
        Assert.Empty(far);
    }

    private static ulong Flip(ulong code, int bits)
    {
        for (var i = 0; i < bits; i++) code ^= 1UL << (i * 5 % 64 + 1);
        return code;
    }
}
