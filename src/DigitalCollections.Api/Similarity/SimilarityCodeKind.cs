namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Which 64-bit code of a work an index entry holds. Codes of different kinds are never compared: their
/// distances mean different things and their thresholds differ (<see cref="SimilarityOptions"/>).
/// </summary>
public enum SimilarityCodeKind
{
    /// <summary>The ISCC Content-Code Image (the whole image, 32 × 32 DCT).</summary>
    Image = 0,
    /// <summary>The ISCC Content-Code Text.</summary>
    Text = 1,
    /// <summary>The ISCC Data-Code: works of any type, and the fallback where no Content-Code takes part.</summary>
    Data = 2,
    /// <summary>Codes of overlapping regions of an image (ours, not ISCC's): catch crops the whole-image code misses.</summary>
    ImageRegion = 3,
    /// <summary>
    /// Image-Codes of crops of an image (ours, not ISCC's): a copy's whole-image code is compared with them, so a
    /// copy that is a crop of the original meets the original's code of that crop.
    /// </summary>
    ImageVariant = 4,
}
