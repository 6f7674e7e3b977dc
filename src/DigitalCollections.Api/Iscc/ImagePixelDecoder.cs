using System.Diagnostics;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Turns JPEG, PNG, WebP and GIF bytes into the 32 × 32 gray pixels of the Image-Code, normalised as the
/// reference (iscc-sdk on Pillow) does: EXIF orientation, transparency on white, border trim, gray,
/// bicubic resize (<see cref="BicubicResampler"/>). Bad input gives a reason, never an exception: a file
/// that is no image, a truncated or corrupt one, more pixels than <see cref="ImageDecodeOptions.MaxPixels"/>
/// (refused from the header alone), decoding past the time bound, content below
/// <see cref="SimilarityFloor.MinImageSide"/> or a flat image.
/// <para>
/// Decoded at full scale the pixels equal Pillow's (tests/vectors/iscc-image-normalize.json). Large JPEGs
/// and WebPs are decoded at a reduced scale instead (<see cref="ImageDecodeOptions.DecodeSide"/>): a
/// 12-megapixel JPEG then costs about a seventh of the CPU time, and on 27 JPEG and WebP files made from
/// Debian's gnome-backgrounds (800 × 600 to 4096 × 4096, all EXIF orientations) the 64-bit code moved by
/// 0–2 bits (mean 0.9) from the one of Pillow's pixels. GIFs are read at their first frame as Pillow does;
/// colour profiles are ignored by both.
/// </para>
/// </summary>
public sealed class ImagePixelDecoder(ImageDecodeOptions? options = null)
{
    private const int TimeCheckRows = 32;

    private readonly ImageDecodeOptions _options = options ?? new ImageDecodeOptions();

    public ImageDecodeResult Decode(ReadOnlySpan<byte> bytes) => Decode(bytes, out _);

    /// <summary>
    /// As <see cref="Decode(ReadOnlySpan{byte})"/>, and on success also the upright gray image at the decode
    /// scale with its trimmed content box, so further codes (<see cref="RegionCodes"/>) need no second decode.
    /// </summary>
    internal ImageDecodeResult Decode(ReadOnlySpan<byte> bytes, out NormalizedImage? normalized)
    {
        normalized = null;
        var started = Stopwatch.GetTimestamp();
        if (bytes.IsEmpty) return ImageDecodeResult.Fail("the file is empty");
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return ImageDecodeResult.Fail("not a readable JPEG, PNG, WebP or GIF image (unknown format or damaged header)");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Webp or SKEncodedImageFormat.Gif))
            return ImageDecodeResult.Fail($"{codec.EncodedFormat} images get no Image-Code (JPEG, PNG, WebP and GIF do)");

        var stored = codec.Info;
        var origin = codec.EncodedOrigin;
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swaps ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
        if (stored.Width < 1 || stored.Height < 1) return ImageDecodeResult.Fail("the image header declares no pixels");
        if ((long)stored.Width * stored.Height > _options.MaxPixels)
            return ImageDecodeResult.Fail($"the image has {stored.Width} × {stored.Height} pixels, more than the bound of {_options.MaxPixels:N0}", width, height);
        if (Math.Min(width, height) < SimilarityFloor.MinImageSide)
            return ImageDecodeResult.Fail(TooSmall(width, height), width, height);

        var size = DecodeSize(codec);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888,
            stored.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        var deadline = started + (long)(_options.Timeout.TotalSeconds * Stopwatch.Frequency);
        var (canvas, failure) = Decode(codec, info, origin, deadline);
        if (canvas is null) return ImageDecodeResult.Fail(failure!, width, height);

        var box = canvas.ContentBox;
        var (contentWidth, contentHeight) = ((long)box.Width * width / canvas.Width, (long)box.Height * height / canvas.Height);
        if (Math.Min(contentWidth, contentHeight) < SimilarityFloor.MinImageSide)
            return ImageDecodeResult.Fail(TooSmall((int)contentWidth, (int)contentHeight) + " after its plain border is trimmed", width, height);
        var pixels = BicubicResampler.Resize(canvas.Gray, canvas.Width, box, ImageCode.Side, ImageCode.Side);
        if (SimilarityFloor.IsFlat(pixels))
            return ImageDecodeResult.Fail("the image is practically one flat colour, which says nothing about authorship", width, height);
        if (Stopwatch.GetTimestamp() > deadline) return ImageDecodeResult.Fail(Late(), width, height);
        normalized = new NormalizedImage(canvas, box);
        return new ImageDecodeResult(pixels, null, width, height);
    }

    private string Late() => $"decoding took longer than the bound of {_options.Timeout.TotalSeconds:0.#} s";

    private static string TooSmall(long width, long height) =>
        $"the image is {width} × {height} pixels, smaller than {SimilarityFloor.MinImageSide} on a side: too small to say anything";

    // The smallest decode the codec offers (JPEG: n/8, WebP: any scale) whose shorter side keeps DecodeSide pixels.
    private SKSizeI DecodeSize(SKCodec codec)
    {
        var full = new SKSizeI(codec.Info.Width, codec.Info.Height);
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp)) return full;
        var shorter = Math.Min(full.Width, full.Height);
        if (shorter <= _options.DecodeSide) return full;
        var best = full;
        // The codec rounds a scale down to one it supports, so ask for the wanted one and for each eighth.
        foreach (var scale in (ReadOnlySpan<float>)[(float)_options.DecodeSide / shorter, 1 / 8f, 2 / 8f, 3 / 8f, 4 / 8f, 5 / 8f, 6 / 8f, 7 / 8f])
        {
            var size = codec.GetScaledDimensions(scale);
            if (Math.Min(size.Width, size.Height) >= _options.DecodeSide && (long)size.Width * size.Height < (long)best.Width * best.Height) best = size;
        }
        return best;
    }

    private (NormalizingCanvas? Canvas, string? Failure) Decode(SKCodec codec, SKImageInfo info, SKEncodedOrigin origin, long deadline)
    {
        var (refX, refY) = NormalizingCanvas.ReferencePixel(info.Width, info.Height, origin);
        var rowBytes = info.Width * 4;
        var row = GC.AllocateArray<byte>(rowBytes, pinned: true);
        var rowPointer = Marshal.UnsafeAddrOfPinnedArrayElement(row, 0);
        const string truncated = "the image data is truncated or corrupt";

        if (codec.StartScanlineDecode(info) == SKCodecResult.Success && codec.ScanlineOrder == SKCodecScanlineOrder.TopDown)
        {
            // Row by row: one gray byte per pixel is kept and the time bound is checked as rows come.
            uint? reference = null;
            if (refY != 0)
            {
                // The upright top-left pixel is in the last stored row: read that row first.
                if (!codec.SkipScanlines(info.Height - 1) || codec.GetScanlines(rowPointer, 1, rowBytes) != 1) return (null, truncated);
                reference = Pixel(row, refX);
                if (codec.StartScanlineDecode(info) != SKCodecResult.Success) return (null, truncated);
            }
            NormalizingCanvas? canvas = null;
            for (var y = 0; y < info.Height; y++)
            {
                if (y % TimeCheckRows == 0 && Stopwatch.GetTimestamp() > deadline) return (null, Late());
                if (codec.GetScanlines(rowPointer, 1, rowBytes) != 1) return (null, truncated);
                canvas ??= new NormalizingCanvas(info.Width, info.Height, origin, reference ?? Pixel(row, refX));
                canvas.AddRow(y, row);
            }
            return (canvas, null);
        }

        // Formats without row decoding (WebP, GIF, interlaced PNG): all at once, bounded by MaxPixels.
        var buffer = GC.AllocateUninitializedArray<byte>(checked(rowBytes * info.Height), pinned: true);
        var result = codec.GetPixels(info, Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0));
        if (result != SKCodecResult.Success) return (null, result == SKCodecResult.IncompleteInput ? truncated : $"the image could not be decoded ({result})");
        if (Stopwatch.GetTimestamp() > deadline) return (null, Late());
        var whole = new NormalizingCanvas(info.Width, info.Height, origin, Pixel(buffer.AsSpan(refY * rowBytes, rowBytes), refX));
        for (var y = 0; y < info.Height; y++)
        {
            if (y % TimeCheckRows == 0 && Stopwatch.GetTimestamp() > deadline) return (null, Late());
            whole.AddRow(y, buffer.AsSpan(y * rowBytes, rowBytes));
        }
        return (whole, null);
    }

    private static uint Pixel(ReadOnlySpan<byte> row, int x) =>
        (uint)(row[x * 4] | row[x * 4 + 1] << 8 | row[x * 4 + 2] << 16 | row[x * 4 + 3] << 24);
}
