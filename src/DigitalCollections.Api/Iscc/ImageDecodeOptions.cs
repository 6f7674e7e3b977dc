namespace DigitalCollections.Api.Iscc;

/// <summary>Bounds for <see cref="ImagePixelDecoder"/>.</summary>
/// <param name="MaxPixels">
/// Images with more pixels (width × height from the header, before anything is decoded) are refused:
/// a decompression bomb of 50,000 × 50,000 pixels costs one header read. 100 MP is a large camera sensor.
/// </param>
/// <param name="Timeout">Decoding and normalising stop with a reason after this long (checked between rows).</param>
/// <param name="DecodeSide">
/// JPEG and WebP are decoded at the smallest scale the codec offers whose shorter side is still at least
/// this many pixels (libjpeg-turbo decodes at 1/8 … 8/8 for a fraction of the full cost). The hash only
/// sees 32 × 32 pixels, each averaged over the whole image area.
/// </param>
public sealed record ImageDecodeOptions(long MaxPixels = 100_000_000, TimeSpan? Timeout = null, int DecodeSide = 512)
{
    public TimeSpan Deadline => Timeout ?? TimeSpan.FromSeconds(5);
}
