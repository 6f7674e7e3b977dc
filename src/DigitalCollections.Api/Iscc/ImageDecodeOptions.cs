namespace DigitalCollections.Api.Iscc;

/// <summary>Bounds for <see cref="ImagePixelDecoder"/>.</summary>
public sealed record ImageDecodeOptions
{
    /// <summary>
    /// Images with more pixels (width × height from the header, before anything is decoded) are refused:
    /// a decompression bomb of 50,000 × 50,000 pixels costs one header read. 100 MP is a large camera sensor.
    /// </summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Decoding and normalising stop with a reason after this long (checked between rows).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// JPEG and WebP are decoded at the smallest scale the codec offers whose shorter side still has at least
    /// this many pixels (libjpeg-turbo decodes at 1/8 … 8/8 for a fraction of the full cost). The hash only
    /// sees 32 × 32 pixels, each averaged over its part of the image.
    /// </summary>
    public int DecodeSide { get; init; } = 512;
}
