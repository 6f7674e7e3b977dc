using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using SkiaSharp;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>Region codes catch a cropped copy that the whole-image code may miss, and keep distinct pictures apart.</summary>
public sealed class RegionCodesTests
{
    private static readonly int Threshold = new SimilarityOptions().MaxDistanceImageRegion;

    [Theory]
    [InlineData(0.10, 0.10, 0.10, 0.10)]
    [InlineData(0.20, 0.20, 0.0, 0.0)]
    [InlineData(0.10, 0.0, 0.10, 0.20)]
    public void A_copy_with_its_border_cropped_shares_a_region_code_within_the_threshold(double left, double top, double right, double bottom)
    {
        using var scene = TestImages.Scene(800, 600);
        using var cropped = Crop(scene, left, top, right, bottom);
        var original = ImageFingerprint.Compute(TestImages.Encode(scene, SKEncodedImageFormat.Png));
        var copy = ImageFingerprint.Compute(TestImages.Encode(cropped, SKEncodedImageFormat.Jpeg, 85));

        Assert.InRange(RegionCodes.Distance(original.Regions, copy.Regions)!.Value, 0, Threshold);
    }

    [Fact]
    public void Distinct_pictures_share_no_region_code_within_the_threshold()
    {
        var fingerprints = new[] { 7, 11, 23, 42, 99 }
            .Select(seed => { using var scene = TestImages.Scene(640, 480, seed); return ImageFingerprint.Compute(TestImages.Encode(scene, SKEncodedImageFormat.Png)); })
            .ToList();
        for (var i = 0; i < fingerprints.Count; i++)
        {
            for (var j = i + 1; j < fingerprints.Count; j++)
                Assert.True(RegionCodes.Distance(fingerprints[i].Regions, fingerprints[j].Regions) > Threshold, $"pictures {i} and {j} share a region code");
        }
    }

    [Fact]
    public void An_image_has_at_most_sixteen_region_codes_and_flat_windows_give_none()
    {
        using var scene = TestImages.Scene(640, 480);
        Assert.InRange(ImageFingerprint.Compute(TestImages.Encode(scene, SKEncodedImageFormat.Png)).Regions.Length, 10, RegionCodes.MaxCodes);

        // A picture only in its top-left quarter: the windows that miss it are flat and left out.
        using var corner = TestImages.Uniform(400, 400, SKColors.SteelBlue);
        using (var canvas = new SKCanvas(corner)) canvas.DrawBitmap(scene, new SKRect(0, 0, 140, 140));
        var regions = ImageFingerprint.Compute(TestImages.Encode(corner, SKEncodedImageFormat.Png)).Regions;
        Assert.InRange(regions.Length, 1, RegionCodes.MaxCodes - 1);
    }

    [Fact]
    public void Distance_is_the_nearest_pair_and_null_without_codes()
    {
        Assert.Equal(1, RegionCodes.Distance([0b1111UL, 0xFF00UL], [0xFFFF_0000UL, 0b0111UL]));
        Assert.Null(RegionCodes.Distance([], [1UL]));
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
