namespace DigitalCollections.Api.Iscc;

/// <summary>
/// An image as <see cref="ImagePixelDecoder"/> normalised it before the 32 × 32 resize: upright, on white, gray,
/// at the decode scale, with the box left after the plain border is trimmed.
/// </summary>
internal sealed record NormalizedImage(NormalizingCanvas Canvas, PixelRect ContentBox);
