using System.Buffers.Binary;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Image-Codes of likely crops of an image (this registry's own codes, not part of ISCC; the Image-Code stays the
/// standard one). A copy that is a crop of a registered image has, as its own Image-Code, the Image-Code of that
/// crop of the original; so each variant here is the content box cut by <see cref="Crops"/>, resized straight to
/// 32 × 32 from the decoded gray image and hashed exactly as <see cref="ImageCode"/> hashes (first 64 bits,
/// big-endian), and a copy matches when its Image-Code lies within the threshold
/// (<c>Similarity:MaxDistanceImageVariant</c>) of one of them. Unlike <see cref="RegionCodes"/>, which compare
/// windows of both images, this compares one code of the copy with the original's, so a plain window of two
/// unrelated images cannot meet by chance the way two region windows do. Crops that are flat (a plain sky) hash
/// to noise and are left out, so an image has at most <see cref="MaxCodes"/> variants.
/// </summary>
public static class VariantCodes
{
    /// <summary>
    /// Crops as fractions cut off (left, top, right, bottom): centre crops of 5, 10, 15, 20 and 25 % off each side;
    /// 10 % off two sides meeting at a corner; 10 and 20 % off one side: the crops people make (a border, a
    /// watermark strip, a letterbox). What they catch is measured in docs/benchmarks.md.
    /// </summary>
    private static readonly (double Left, double Top, double Right, double Bottom)[] Crops =
    [
        (0.05, 0.05, 0.05, 0.05), (0.10, 0.10, 0.10, 0.10), (0.15, 0.15, 0.15, 0.15), (0.20, 0.20, 0.20, 0.20), (0.25, 0.25, 0.25, 0.25),
        (0.10, 0.10, 0, 0), (0, 0.10, 0.10, 0), (0, 0, 0.10, 0.10), (0.10, 0, 0, 0.10),
        (0.10, 0, 0, 0), (0, 0.10, 0, 0), (0, 0, 0.10, 0), (0, 0, 0, 0.10),
        (0.20, 0, 0, 0), (0, 0.20, 0, 0), (0, 0, 0.20, 0), (0, 0, 0, 0.20),
    ];

    public static int MaxCodes => Crops.Length;

    /// <summary>The variant codes of the <paramref name="box"/> of a gray plane of <paramref name="stride"/> bytes per row.</summary>
    public static ulong[] Compute(ReadOnlySpan<byte> gray, int stride, PixelRect box)
    {
        var codes = new List<ulong>(Crops.Length);
        foreach (var crop in Crops)
        {
            if (Cut(box, crop) is not { } rect) continue;
            var pixels = BicubicResampler.Resize(gray, stride, rect, ImageCode.Side, ImageCode.Side);
            if (SimilarityFloor.IsFlat(pixels)) continue;
            codes.Add(BinaryPrimitives.ReadUInt64BigEndian(ImageCode.Hash(pixels, 64)));
        }
        return [.. codes];
    }

    /// <summary>The least Hamming distance between <paramref name="imageCode"/> and any variant; null without variants.</summary>
    public static int? Distance(ulong imageCode, ReadOnlySpan<ulong> variants)
    {
        int? best = null;
        foreach (var v in variants)
        {
            var d = IsccDistance.Hamming(imageCode, v);
            if (best is null || d < best) best = d;
        }
        return best;
    }

    // The crop in whole pixels, as an editor cuts it; null when too little is left to say anything.
    private static PixelRect? Cut(PixelRect box, (double Left, double Top, double Right, double Bottom) crop)
    {
        var left = (int)(box.Width * crop.Left);
        var top = (int)(box.Height * crop.Top);
        var width = box.Width - left - (int)(box.Width * crop.Right);
        var height = box.Height - top - (int)(box.Height * crop.Bottom);
        return Math.Min(width, height) < SimilarityFloor.MinImageSide ? null : new PixelRect(box.X + left, box.Y + top, width, height);
    }
}
