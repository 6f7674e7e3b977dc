using System.Buffers.Binary;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Codes of overlapping regions of an image, so a copy with its border cropped still meets its original
/// (this registry's own code, not part of ISCC; the Image-Code stays the standard one). The trimmed gray image
/// is resized to a <see cref="WorkingSide"/>-pixel square (aspect is normalised away, as the Image-Code's
/// 32 × 32 resize does), and each window of <see cref="Windows"/> is resized to 32 × 32 and hashed as
/// <see cref="ImageCode"/> hashes (first 64 bits, big-endian). Windows: the whole image; nine of 80 % of the
/// side at offsets 0, 10 and 20 %; the centre at 90 %; five of 60 % (corners and centre). A crop of up to
/// 20 % of a side then maps its whole image onto one of the original's windows within half a grid step, so
/// the pair is compared with the same content on both sides. Flat windows (a plain sky) hash to noise and are
/// left out, so an image has at most <see cref="MaxCodes"/> codes. A pair of images matches when any pair of
/// their region codes lies within the threshold (<c>Similarity:MaxDistanceImageRegion</c>).
/// </summary>
public static class RegionCodes
{
    public const int WorkingSide = 160;

    /// <summary>Windows as (left, top, side) in pixels of the working square.</summary>
    private static readonly (int X, int Y, int Side)[] Windows =
    [
        (0, 0, 160),
        (0, 0, 128), (16, 0, 128), (32, 0, 128),
        (0, 16, 128), (16, 16, 128), (32, 16, 128),
        (0, 32, 128), (16, 32, 128), (32, 32, 128),
        (8, 8, 144),
        (0, 0, 96), (64, 0, 96), (0, 64, 96), (64, 64, 96), (32, 32, 96),
    ];

    public const int MaxCodes = 16;

    /// <summary>The region codes of the <paramref name="box"/> of a gray plane of <paramref name="stride"/> bytes per row.</summary>
    public static ulong[] Compute(ReadOnlySpan<byte> gray, int stride, PixelRect box)
    {
        var working = BicubicResampler.Resize(gray, stride, box, WorkingSide, WorkingSide);
        var codes = new List<ulong>(MaxCodes);
        foreach (var (x, y, side) in Windows)
        {
            var pixels = BicubicResampler.Resize(working, WorkingSide, new PixelRect(x, y, side, side), ImageCode.Side, ImageCode.Side);
            if (SimilarityFloor.IsFlat(pixels)) continue;
            codes.Add(BinaryPrimitives.ReadUInt64BigEndian(ImageCode.Hash(pixels, 64)));
        }
        return [.. codes];
    }

    /// <summary>The least Hamming distance between any code of <paramref name="a"/> and any of <paramref name="b"/>; null when either has none.</summary>
    public static int? Distance(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int? best = null;
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                var d = IsccDistance.Hamming(x, y);
                if (best is null || d < best) best = d;
            }
        }
        return best;
    }
}
