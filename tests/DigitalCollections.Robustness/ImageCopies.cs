using SkiaSharp;

namespace DigitalCollections.Robustness;

/// <summary>
/// The near-copies made of each corpus image. <see cref="Transform.Expected"/> false marks the ones the codes
/// are not built to catch; they are measured to show that.
/// </summary>
internal static class ImageCopies
{
    private static readonly SKSamplingOptions Sampling = new(SKCubicResampler.Mitchell);
    private static readonly Lazy<SKTypeface> Font = new(LoadFont);

    public static IReadOnlyList<Transform<SKBitmap>> All { get; } =
    [
        new("jpeg-q60", "re-encoded as JPEG quality 60", true, (b, _) => Encode(b, SKEncodedImageFormat.Jpeg, 60)),
        new("resize-50", "resized to 50 %", true, (b, f) => Encode(Resize(b, 0.5), f)),
        new("crop-10", "10 % cropped off each side", true, (b, f) => Encode(Crop(b, 0.10, 0.10, 0.10, 0.10), f)),
        new("crop-10-corner", "10 % cropped off top and left", true, (b, f) => Encode(Crop(b, 0.10, 0.10, 0, 0), f)),
        new("brightness+15", "brightness +15 %", true, (b, f) => Encode(Filter(b, Brightness(1.15f)), f)),
        new("grayscale", "converted to gray", true, (b, f) => Encode(Filter(b, Grayscale()), f)),
        new("png-jpeg", "PNG to JPEG q90, JPEG/WebP to PNG", true,
            (b, f) => f == SKEncodedImageFormat.Png ? Encode(b, SKEncodedImageFormat.Jpeg, 90) : Encode(b, SKEncodedImageFormat.Png)),
        new("caption", "a caption drawn across the bottom", true, (b, f) => Encode(Caption(b), f)),
        new("crop-25", "25 % cropped off each side (heavy)", false, (b, f) => Encode(Crop(b, 0.25, 0.25, 0.25, 0.25), f)),
        new("rotate-90", "rotated 90°", false, (b, f) => Encode(Rotate(b, 90), f)),
        new("rotate-5", "rotated 5° (corners filled white)", false, (b, f) => Encode(Rotate(b, 5), f)),
        new("mirror", "mirrored left to right", false, (b, f) => Encode(Mirror(b), f)),
    ];

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        // JPEG has no alpha: flatten on white, as image editors and the ISCC normalisation do (Skia would use black).
        using var flat = format == SKEncodedImageFormat.Jpeg && bitmap.AlphaType != SKAlphaType.Opaque ? OnWhite(bitmap) : null;
        using var image = SKImage.FromBitmap(flat ?? bitmap);
        using var data = image.Encode(format, quality) ?? throw new InvalidOperationException($"could not encode {format}");
        return data.ToArray();
    }

    private static SKBitmap OnWhite(SKBitmap source)
    {
        var copy = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(copy);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(source, 0, 0);
        return copy;
    }

    public static SKBitmap Resize(SKBitmap source, double factor) =>
        source.Resize(new SKImageInfo(Math.Max(1, (int)(source.Width * factor)), Math.Max(1, (int)(source.Height * factor))), Sampling);

    private static SKBitmap Crop(SKBitmap source, double left, double top, double right, double bottom)
    {
        var rect = SKRectI.Create((int)(source.Width * left), (int)(source.Height * top),
            (int)(source.Width * (1 - left - right)), (int)(source.Height * (1 - top - bottom)));
        var copy = new SKBitmap(new SKImageInfo(rect.Width, rect.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(copy);
        canvas.DrawBitmap(source, rect, new SKRect(0, 0, rect.Width, rect.Height));
        return copy;
    }

    private static SKBitmap Filter(SKBitmap source, float[] matrix)
    {
        var copy = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(copy);
        using var paint = new SKPaint { ColorFilter = SKColorFilter.CreateColorMatrix(matrix) };
        canvas.DrawBitmap(source, 0, 0, paint);
        return copy;
    }

    private static float[] Brightness(float k) => [k, 0, 0, 0, 0, 0, k, 0, 0, 0, 0, 0, k, 0, 0, 0, 0, 0, 1, 0];

    private static float[] Grayscale() =>
    [
        0.299f, 0.587f, 0.114f, 0, 0, 0.299f, 0.587f, 0.114f, 0, 0, 0.299f, 0.587f, 0.114f, 0, 0, 0, 0, 0, 1, 0,
    ];

    private static SKBitmap Caption(SKBitmap source)
    {
        var copy = source.Copy();
        using var canvas = new SKCanvas(copy);
        var size = source.Height * 0.07f;
        using var font = new SKFont(Font.Value, size);
        using var stroke = new SKPaint { IsAntialias = true, Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = size / 10 };
        using var fill = new SKPaint { IsAntialias = true, Color = SKColors.White };
        const string text = "© 2026 Not The Author — all rights reserved";
        var x = source.Width * 0.04f;
        var y = source.Height * 0.94f;
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, stroke);
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, fill);
        return copy;
    }

    private static SKBitmap Rotate(SKBitmap source, float degrees)
    {
        var swap = degrees == 90;
        var copy = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(copy);
        canvas.Clear(SKColors.White);
        canvas.Translate(copy.Width / 2f, copy.Height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-source.Width / 2f, -source.Height / 2f);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, Sampling);
        return copy;
    }

    private static SKBitmap Mirror(SKBitmap source)
    {
        var copy = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(copy);
        canvas.Scale(-1, 1, source.Width / 2f, 0);
        canvas.DrawBitmap(source, 0, 0);
        return copy;
    }

    // SkiaSharp's dependency-free native build has no font manager, so a caption needs a font file.
    private static SKTypeface LoadFont()
    {
        foreach (var path in (string[])["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"])
        {
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } face) return face;
        }
        var any = Directory.Exists("/usr/share/fonts") ? Directory.EnumerateFiles("/usr/share/fonts", "*.ttf", SearchOption.AllDirectories).FirstOrDefault() : null;
        return (any is null ? null : SKTypeface.FromFile(any)) ?? throw new InvalidOperationException("no TrueType font under /usr/share/fonts for the caption");
    }
}

/// <summary>One way of making a near-copy: a short name for the tables, a description, whether the codes should catch it.</summary>
internal sealed record Transform<T>(string Name, string Description, bool Expected, Func<T, SKEncodedImageFormat, byte[]> Make);
