using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using SkiaSharp;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>Images drawn and encoded with SkiaSharp for the decoder tests, and hand-made headers.</summary>
internal static class TestImages
{
    /// <summary>A picture with structure: a gradient, circles of several colours and bars.</summary>
    public static SKBitmap Scene(int width, int height) => Scene(width, height, 7);

    /// <summary>A scene whose circles, and (for seeds other than 7) gradient, come from <paramref name="seed"/>.</summary>
    public static SKBitmap Scene(int width, int height, int seed)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        using var gradient = new SKPaint();
        var random = new Random(seed);
        var (from, to) = seed == 7
            ? (new SKPoint(0, 0), new SKPoint(width, height))
            : (new SKPoint(random.Next(width), 0), new SKPoint(random.Next(width), height));
        gradient.Shader = SKShader.CreateLinearGradient(from, to,
            [new SKColor(40, 200, 90), new SKColor(220, 80, 150)], SKShaderTileMode.Clamp);
        canvas.DrawRect(0, 0, width, height, gradient);
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 6; i++)
        {
            paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(Math.Min(width, height) / 12 + 1, Math.Min(width, height) / 4 + 2), paint);
        }
        paint.Color = SKColors.Navy;
        canvas.DrawRect(width * 0.6f, 0, width / 20f, height, paint);
        return bitmap;
    }

    public static SKBitmap Uniform(int width, int height, SKColor colour)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(colour);
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>A PNG whose header declares <paramref name="width"/> × <paramref name="height"/> RGB pixels, followed by a token of data.</summary>
    public static byte[] PngHeader(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A JPEG whose frame header is rewritten to declare <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        var jpeg = Encode(Scene(64, 48), SKEncodedImageFormat.Jpeg);
        for (var i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), (ushort)width);
                return jpeg;
            }
        }
        throw new InvalidOperationException("no frame header in the JPEG");
    }

    /// <summary>A 24-bit BMP of <paramref name="side"/> × <paramref name="side"/> gray pixels.</summary>
    public static byte[] Bmp(int side)
    {
        var rowBytes = (side * 3 + 3) / 4 * 4;
        var bmp = new byte[54 + rowBytes * side];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), side);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), side);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        for (var i = 54; i < bmp.Length; i++) bmp[i] = (byte)(i * 7);
        return bmp;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typed));
        png.Write(crc);
    }
}
