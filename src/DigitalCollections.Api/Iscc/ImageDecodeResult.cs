using System.Diagnostics.CodeAnalysis;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// The 32 × 32 gray pixels the Image-Code hashes, or null with the reason why this file gives no Image-Code.
/// <see cref="Width"/> and <see cref="Height"/> are the upright image's size when the header could be read.
/// </summary>
public sealed record ImageDecodeResult(byte[]? Pixels, string? Reason, int Width, int Height)
{
    [MemberNotNullWhen(true, nameof(Pixels))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool Succeeded => Pixels is not null;

    /// <summary>The Image-Code, or null when there are no pixels.</summary>
    public string? Code(int bits = 64) => Pixels is null ? null : ImageCode.Generate(Pixels, bits);

    internal static ImageDecodeResult Fail(string reason, int width = 0, int height = 0) => new(null, reason, width, height);
}
