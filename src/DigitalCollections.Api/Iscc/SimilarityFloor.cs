namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Where content is too small to say anything, so its Content-Code takes no part in similarity. Measured
/// with the 64-bit codes on Debian's license texts (/usr/share/common-licenses) and gnome-backgrounds images.
/// </summary>
public static class SimilarityFloor
{
    /// <summary>
    /// A text whose collapsed form (<see cref="TextCodeResult.Characters"/>) is shorter takes no part in
    /// similarity. The Text-Code hashes 13-character windows, so one replaced word changes about its length
    /// + 12 of the n − 12 windows. Measured (13 texts, 3 edits each): one replaced word moves the code by a
    /// median of 10 bits (at most 17) at 100 characters, 5 (at most 9) at 200 and 3 (at most 7) at 400,
    /// while distinct texts stay 17 or more bits apart. Below 200 characters a one-word edit escapes any
    /// threshold that keeps distinct texts apart, and such texts (a title, a greeting) are common property.
    /// The code is still computed and shown; it is only not compared.
    /// </summary>
    public const int MinTextCharacters = 200;

    /// <summary>
    /// An image narrower or lower than this (after the plain border is trimmed) gives no Image-Code. The
    /// code reads the 8 × 8 lowest frequencies of a 32 × 32 resize, so an 8 × 8 image already carries all
    /// it can see. Measured (6 images): copies scaled down to 8 px stay within 6 bits of the original and
    /// distinct images 22 or more bits apart, as at full size; at 4 px distinct images close to 17 bits.
    /// Below 8 px (a 1 × 1 spacer, a 4 × 4 swatch) the bits come from the interpolation.
    /// </summary>
    public const int MinImageSide = 8;

    /// <summary>
    /// An image whose 32 × 32 pixels span fewer gray levels than this gives no Image-Code. Measured: flat
    /// images of any colour all hash to the same code (distance 0), so they would all match each other;
    /// flat ones with noise or JPEG artefacts (1–2 levels) hash to noise, also against their own copies.
    /// A faint pattern of 4–5 levels (gnome-backgrounds' "symbolic") still keeps its copies within 8–12 bits.
    /// </summary>
    public const int MinImageContrast = 4;

    public static bool TextTakesPart(int characters) => characters >= MinTextCharacters;

    /// <summary>True when the pixels span fewer than <see cref="MinImageContrast"/> gray levels.</summary>
    public static bool IsFlat(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty) return true;
        byte min = 255, max = 0;
        foreach (var p in pixels)
        {
            if (p < min) min = p;
            if (p > max) max = p;
        }
        return max - min < MinImageContrast;
    }
}
