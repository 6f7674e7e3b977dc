using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using SkiaSharp;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>One decode gives every image code; a bad file gives none, a reason, and no exception.</summary>
public sealed class ImageFingerprintTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void The_code_is_the_image_code_of_the_decoder_and_regions_and_variants_come_with_it(SKEncodedImageFormat format)
    {
        var file = TestImages.Encode(TestImages.Scene(900, 700), format);
        var fingerprint = ImageFingerprint.Compute(file);
        Assert.Null(fingerprint.Reason);
        Assert.Equal(new ImagePixelDecoder().Decode(file).Code(), fingerprint.Code);
        Assert.NotEmpty(fingerprint.Regions);
        // The 5 % centre crop of a busy scene: nearly the whole image, so its code is within a few bits of the Image-Code.
        Assert.Equal(VariantCodes.MaxCodes, fingerprint.Variants.Length);
        Assert.InRange(VariantCodes.Distance(WorkCodes.Leading64(fingerprint.Code!), fingerprint.Variants)!.Value, 0, new SimilarityOptions().MaxDistanceImageVariant);
    }

    [Fact]
    public void A_corrupt_image_gives_no_code_and_says_why()
    {
        var file = TestImages.Encode(TestImages.Scene(300, 200), SKEncodedImageFormat.Jpeg);
        var fingerprint = ImageFingerprint.Compute(file.AsSpan(0, file.Length / 2));
        AssertRefused(fingerprint, "truncated");

        var noise = new byte[4000];
        new Random(5).NextBytes(noise);
        AssertRefused(ImageFingerprint.Compute(noise), "not a readable");
    }

    [Fact]
    public void A_one_pixel_image_is_too_small()
    {
        AssertRefused(ImageFingerprint.Compute(TestImages.Encode(TestImages.Uniform(1, 1, SKColors.Red), SKEncodedImageFormat.Png)), "too small");
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void A_huge_declared_size_is_refused_from_the_header(string kind)
    {
        var bomb = kind == "png" ? TestImages.PngHeader(50_000, 50_000) : TestImages.JpegClaiming(60_000, 60_000);
        AssertRefused(ImageFingerprint.Compute(bomb), "more than the bound");
    }

    [Fact]
    public void The_decode_options_apply()
    {
        var file = TestImages.Encode(TestImages.Scene(300, 200), SKEncodedImageFormat.Png);
        AssertRefused(ImageFingerprint.Compute(file, new ImageDecodeOptions { MaxPixels = 10_000 }), "more than the bound of 10,000");
    }

    private static void AssertRefused(ImageFingerprint fingerprint, string reason)
    {
        Assert.Null(fingerprint.Code);
        Assert.Contains(reason, fingerprint.Reason);
        Assert.Empty(fingerprint.Regions);
        Assert.Empty(fingerprint.Variants);
    }
}
