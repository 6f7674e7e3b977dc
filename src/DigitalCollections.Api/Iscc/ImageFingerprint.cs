namespace DigitalCollections.Api.Iscc;

/// <summary>
/// What an image file gives for similarity, from one decode: the ISCC Image-Code (64 bits), the
/// <see cref="RegionCodes"/> and the <see cref="VariantCodes"/> that catch crops. When the file gives no
/// Image-Code, <see cref="Code"/> is null, <see cref="Reason"/> says why and the other codes are empty.
/// </summary>
public sealed record ImageFingerprint(string? Code, string? Reason, ulong[] Regions, ulong[] Variants)
{
    public static ImageFingerprint Compute(ReadOnlySpan<byte> file, ImageDecodeOptions? options = null)
    {
        var result = new ImagePixelDecoder(options).Decode(file, out var normalized);
        if (!result.Succeeded || normalized is null) return new ImageFingerprint(null, result.Reason, [], []);
        var canvas = normalized.Canvas;
        var regions = RegionCodes.Compute(canvas.Gray, canvas.Width, normalized.ContentBox);
        var variants = VariantCodes.Compute(canvas.Gray, canvas.Width, normalized.ContentBox);
        return new ImageFingerprint(result.Code(), null, regions, variants);
    }
}
