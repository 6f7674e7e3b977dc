using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using SkiaSharp;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>A cropped copy's Image-Code meets one of the original's variant codes; distinct pictures' codes do not.</summary>
public sealed class VariantCodesTests
{
    private static readonly int Threshold = new SimilarityOptions().MaxDistanceImageVariant;

    [Theory]
    [InlineData(0.10, 0.10, 0.10, 0.10)]
    [InlineData(0.10, 0.10, 0.0, 0.0)]
    [InlineData(0.0, 0.0, 0.0, 0.20)]
    [InlineData(0.20, 0.20, 0.20, 0.20)]
    public void A_cropped_copys_image_code_is_within_the_threshold_of_a_variant_of_the_original(double left, double top, double right, double bottom)
    {
        using var scene = TestImages.Scene(800, 600);
        using var cropped = Crop(scene, left, top, right, bottom);
        var original = ImageFingerprint.Compute(TestImages.Encode(scene, SKEncodedImageFormat.Png));
        var copy = ImageFingerprint.Compute(TestImages.Encode(cropped, SKEncodedImageFormat.Jpeg, 85));

        Assert.InRange(VariantCodes.Distance(WorkCodes.Leading64(copy.Code!), original.Variants)!.Value, 0, Threshold);
    }

    [Fact]
    public void No_picture_s_image_code_is_within_the_threshold_of_a_variant_of_a_distinct_picture()
    {
        var fingerprints = new[] { 7, 11, 23, 42, 99 }
            .Select(seed => { using var scene = TestImages.Scene(640, 480, seed); return ImageFingerprint.Compute(TestImages.Encode(scene, SKEncodedImageFormat.Png)); })
            .ToList();
        for (var i = 0; i < fingerprints.Count; i++)
        {
            for (var j = 0; j < fingerprints.Count; j++)
            {
                if (i == j) continue;
                Assert.True(VariantCodes.Distance(WorkCodes.Leading64(fingerprints[i].Code!), fingerprints[j].Variants) > Threshold,
                    $"picture {i} meets a variant of picture {j}");
            }
        }
    }

    [Fact]
    public void Flat_crops_are_left_out()
    {
        // A plain gray plane with a vertical gradient only in its left 10 %: every crop that cuts the left 10 % off
        // (centre 10–25 %, the two left corners, the left side 10 and 20 %: 8 of them) sees one flat colour.
        const int side = 200;
        var gray = new byte[side * side];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
                gray[y * side + x] = x < side / 10 ? (byte)(y * 255 / (side - 1)) : (byte)128;

        var variants = VariantCodes.Compute(gray, side, new PixelRect(0, 0, side, side));

        Assert.Equal(VariantCodes.MaxCodes - 8, variants.Length);
        var flat = new byte[side * side];
        Array.Fill(flat, (byte)128);
        Assert.Empty(VariantCodes.Compute(flat, side, new PixelRect(0, 0, side, side)));
    }

    [Fact]
    public void Distance_is_the_nearest_variant_and_null_without_variants()
    {
        Assert.Equal(1, VariantCodes.Distance(0b1111UL, [0xFF00UL, 0b0111UL]));
        Assert.Null(VariantCodes.Distance(1UL, []));
    }

    private static SKBitmap Crop(SKBitmap source, double left, double top, double right, double bottom)
    {
        var rect = SKRectI.Create((int)(source.Width * left), (int)(source.Height * top),
            (int)(source.Width * (1 - left - right)), (int)(source.Height * (1 - top - bottom)));
        var copy = new SKBitmap(new SKImageInfo(rect.Width, rect.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(copy);
        canvas.DrawBitmap(source, rect, new SKRect(0, 0, rect.Width, rect.Height));
        return copy;
    }
}
