using SkiaSharp;

namespace DigitalCollections.Benchmarks;

/// <summary>
/// A photo-like JPEG made at run time: smooth gradients, soft shapes and sensor-like noise, so the encoder
/// and decoder see what a camera file holds (a flat or synthetic image compresses and decodes unlike a photo).
/// </summary>
internal static class PhotoLikeJpeg
{
    public static byte[] Make(int width, int height, int quality, int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width * 0.3f, height),
                [new SKColor(70, 120, 190), new SKColor(210, 190, 150), new SKColor(60, 80, 40)], [0, 0.55f, 1], SKShaderTileMode.Clamp);
            using (var paint = new SKPaint { Shader = sky }) canvas.DrawRect(0, 0, width, height, paint);
            using var blur = SKImageFilter.CreateBlur(width / 200f, width / 200f);
            for (var i = 0; i < 60; i++)
            {
                var color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(80, 230));
                using var paint = new SKPaint { Color = color, IsAntialias = true, ImageFilter = i % 3 == 0 ? blur : null };
                var x = random.NextSingle() * width;
                var y = random.NextSingle() * height;
                var size = (0.02f + random.NextSingle() * 0.2f) * width;
                if (i % 2 == 0) canvas.DrawCircle(x, y, size / 2, paint);
                else canvas.DrawRoundRect(x, y, size, size * (0.3f + random.NextSingle()), size / 10, size / 10, paint);
            }
        }
        AddNoise(bitmap, random);
        using var image = SKImage.FromBitmap(bitmap);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return jpeg.ToArray();
    }

    // ±12 levels of independent noise per channel, as a camera's sensor leaves in a photo.
    private static void AddNoise(SKBitmap bitmap, Random random)
    {
        var pixels = bitmap.GetPixelSpan();
        var noise = new byte[64 * 1024];
        for (var start = 0; start < pixels.Length; start += noise.Length)
        {
            random.NextBytes(noise);
            var part = pixels.Slice(start, Math.Min(noise.Length, pixels.Length - start));
            for (var i = 0; i < part.Length; i++)
            {
                if (i % 4 == 3) continue; // alpha
                part[i] = (byte)Math.Clamp(part[i] + noise[i] % 25 - 12, 0, 255);
            }
        }
    }
}
