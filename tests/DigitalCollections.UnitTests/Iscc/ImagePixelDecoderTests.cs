using DigitalCollections.Api.Iscc;
using SkiaSharp;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>
/// Bad images give no Image-Code and a reason, never an exception: the other codes of the work are computed
/// regardless. (That good images match the reference pipeline is <see cref="ImageNormalizationVectorTests"/>.)
/// </summary>
public sealed class ImagePixelDecoderTests
{
    private readonly ImagePixelDecoder _decoder = new();

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void A_picture_gives_32_by_32_pixels_and_an_image_code(SKEncodedImageFormat format)
    {
        var result = _decoder.Decode(TestImages.Encode(TestImages.Scene(300, 200), format));
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(ImageCode.PixelCount, result.Pixels.Length);
        Assert.Equal((300, 200), (result.Width, result.Height));
        Assert.StartsWith("ISCC:EEA", result.Code());
    }

    [Fact]
    public void A_jpeg_copy_of_a_png_has_a_nearby_code()
    {
        var scene = TestImages.Scene(400, 300);
        var png = _decoder.Decode(TestImages.Encode(scene, SKEncodedImageFormat.Png));
        var jpeg = _decoder.Decode(TestImages.Encode(scene, SKEncodedImageFormat.Jpeg, quality: 60));
        Assert.InRange(IsccDistance.Hamming(ImageCode.Hash(png.Pixels!, 64), ImageCode.Hash(jpeg.Pixels!, 64)), 0, 4);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    public void A_truncated_image_is_refused_as_truncated(SKEncodedImageFormat format)
    {
        var bytes = TestImages.Encode(TestImages.Scene(300, 200), format);
        var result = _decoder.Decode(bytes.AsSpan(0, bytes.Length * 6 / 10));
        Assert.False(result.Succeeded);
        Assert.Contains("truncated", result.Reason);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_refused()
    {
        var noise = new byte[5000];
        new Random(3).NextBytes(noise);
        var result = _decoder.Decode(noise);
        Assert.False(result.Succeeded);
        Assert.Contains("not a readable", result.Reason);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Equal("the file is empty", _decoder.Decode([]).Reason);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void A_decompression_bomb_is_refused_from_its_header(string kind)
    {
        var bomb = kind == "png" ? TestImages.PngHeader(50_000, 50_000) : TestImages.JpegClaiming(60_000, 60_000);
        var result = _decoder.Decode(bomb);
        Assert.False(result.Succeeded);
        Assert.Contains("more than the bound of 100,000,000", result.Reason);
    }

    [Fact]
    public void The_pixel_bound_is_configurable()
    {
        var result = new ImagePixelDecoder(new ImageDecodeOptions { MaxPixels = 10_000 }).Decode(TestImages.Encode(TestImages.Scene(200, 100), SKEncodedImageFormat.Png));
        Assert.Contains("200 × 100 pixels, more than the bound of 10,000", result.Reason);
    }

    [Fact]
    public void Decoding_stops_at_the_time_bound()
    {
        var result = new ImagePixelDecoder(new ImageDecodeOptions { Timeout = TimeSpan.Zero }).Decode(TestImages.Encode(TestImages.Scene(300, 200), SKEncodedImageFormat.Png));
        Assert.False(result.Succeeded);
        Assert.Contains("longer than the bound", result.Reason);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 300)]
    public void An_image_of_a_few_pixels_is_too_small(int width, int height)
    {
        var result = _decoder.Decode(TestImages.Encode(TestImages.Scene(width, height), SKEncodedImageFormat.Png));
        Assert.False(result.Succeeded);
        Assert.Contains("too small", result.Reason);
    }

    [Fact]
    public void A_tiny_picture_on_a_plain_canvas_is_too_small_after_the_trim()
    {
        var canvas = TestImages.Uniform(400, 400, SKColors.White);
        using (var draw = new SKCanvas(canvas)) draw.DrawRect(200, 200, 5, 5, new SKPaint { Color = SKColors.Black });
        var result = _decoder.Decode(TestImages.Encode(canvas, SKEncodedImageFormat.Png));
        Assert.False(result.Succeeded);
        Assert.Contains("5 × 5 pixels", result.Reason);
        Assert.Contains("border is trimmed", result.Reason);
    }

    [Fact]
    public void A_flat_image_is_refused_whatever_its_colour()
    {
        foreach (var colour in new[] { SKColors.White, SKColors.Purple })
        {
            var result = _decoder.Decode(TestImages.Encode(TestImages.Uniform(300, 200, colour), SKEncodedImageFormat.Png));
            Assert.False(result.Succeeded);
            Assert.Contains("flat colour", result.Reason);
        }
    }

    [Fact]
    public void Formats_other_than_jpeg_png_webp_and_gif_are_refused()
    {
        var result = _decoder.Decode(TestImages.Bmp(64));
        Assert.False(result.Succeeded);
        Assert.Contains("Bmp images get no Image-Code", result.Reason);
    }

    [Fact]
    public void Transparent_parts_count_as_white()
    {
        var scene = TestImages.Scene(200, 200);
        var onWhite = TestImages.Uniform(200, 200, SKColors.White);
        var transparent = TestImages.Uniform(200, 200, SKColors.Transparent);
        foreach (var target in new[] { onWhite, transparent })
        {
            using var canvas = new SKCanvas(target);
            canvas.DrawBitmap(scene, new SKRect(50, 50, 150, 150));
        }
        var expected = _decoder.Decode(TestImages.Encode(onWhite, SKEncodedImageFormat.Png));
        var actual = _decoder.Decode(TestImages.Encode(transparent, SKEncodedImageFormat.Png));
        Assert.Equal(expected.Pixels, actual.Pixels);
    }
}
