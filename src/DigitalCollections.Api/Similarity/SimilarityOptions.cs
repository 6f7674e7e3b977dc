namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Similarity thresholds (section <c>Similarity</c>, e.g. <c>Similarity__MaxDistanceImage=12</c>): a registered
/// work whose code of a kind lies within this many bits (of 64) of a new work's is "similar". Higher catches
/// more copies and more unrelated works; the defaults come from the robustness benchmark (docs/benchmarks.md).
/// </summary>
public sealed class SimilarityOptions
{
    public const string SectionName = "Similarity";

    /// <summary>
    /// Whole-image Content-Code. Measured: no pair of 994 unrelated images within 12 bits (the first at 14); at 12,
    /// 91–100 % of re-encoded, resized, gray and brightened copies are caught, a quarter of 10 % crops.
    /// </summary>
    public int MaxDistanceImage { get; set; } = 12;

    /// <summary>
    /// Text Content-Code. Measured: unrelated license texts 18 or more bits apart; at 14 every re-wrapped, re-cased
    /// or 5-word edit and every dropped paragraph is caught (at 12, 93 % of dropped paragraphs), 4 bits short of the
    /// nearest unrelated pair.
    /// </summary>
    public int MaxDistanceText { get; set; } = 14;

    /// <summary>
    /// Data-Code (works without a Content-Code that takes part). The Data-Codes of unrelated files are 64 random
    /// bits, so what bounds this threshold is the registry's size, not the corpus: the share of unrelated pairs
    /// within d bits is 2.3e-7 at 12 (a registry of 100,000 works would refuse 2 % of new unrelated files,
    /// bench.sh's random uploads met one false match among 3,855 works) and 2.8e-10 at 8 (0.03 % of registrations
    /// at 1,000,000 works). At 8 it still catches 14 % of 5-word edits and 43 % of dropped paragraphs in raw text
    /// (text has its Text-Code for that) and no re-encoded image (a re-encode changes every byte).
    /// </summary>
    public int MaxDistanceData { get; set; } = 8;

    /// <summary>
    /// Image region codes (any pair of the two images' region codes). Measured: unrelated images share no region
    /// within 2 bits in 994 pairs, within 4 in 4, 6 in 6; at 2 they catch 68 % of 10 %-each-side crops (the variant
    /// codes catch crops; these add captions and re-encodes the whole-image code misses).
    /// </summary>
    public int MaxDistanceImageRegion { get; set; } = 2;

    /// <summary>
    /// Image variant codes (crops of a registered image, compared with a new image's whole-image code). Measured:
    /// no unrelated pair of 994 within 10 bits (the first 2 at 12); at 10, 98 % of 10 % crops (each side, or top
    /// and left) and 83 % of 25 % crops are caught. The codes' distances are even (each 8 × 8 block has 32 bits set),
    /// so 11 is the same threshold.
    /// </summary>
    public int MaxDistanceImageVariant { get; set; } = 10;

    /// <summary>Most matches an answer lists.</summary>
    public int MaxMatches { get; set; } = 10;

    /// <summary>How often each instance reads works registered by others into its index.</summary>
    public double RefreshSeconds { get; set; } = 1;

    public int MaxDistance(SimilarityCodeKind kind) => kind switch
    {
        SimilarityCodeKind.Image => MaxDistanceImage,
        SimilarityCodeKind.Text => MaxDistanceText,
        SimilarityCodeKind.Data => MaxDistanceData,
        SimilarityCodeKind.ImageRegion => MaxDistanceImageRegion,
        SimilarityCodeKind.ImageVariant => MaxDistanceImageVariant,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
