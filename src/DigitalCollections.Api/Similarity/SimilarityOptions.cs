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
    /// Whole-image Content-Code. Measured: no pair of 940 unrelated images within 12 bits (the first at 14); at 12,
    /// 94–100 % of resized, gray and brightened copies are caught, a quarter of 10 % crops.
    /// </summary>
    public int MaxDistanceImage { get; set; } = 12;

    /// <summary>
    /// Text Content-Code. Measured: unrelated license texts 18 or more bits apart; at 12 every re-wrapped, re-cased
    /// or 5-word edit and 93 % of dropped paragraphs are caught (14 would catch all drops with 4 bits of margin left).
    /// </summary>
    public int MaxDistanceText { get; set; } = 12;

    /// <summary>
    /// Data-Code (works without a Content-Code that takes part). Measured: unrelated files 19 or more bits apart
    /// (false matches from 20); at 12 it catches half of 5-word edits and 71 % of dropped paragraphs in raw text
    /// and no re-encoded image (a re-encode changes every byte).
    /// </summary>
    public int MaxDistanceData { get; set; } = 12;

    /// <summary>
    /// Image region codes (crops; any pair of the two images' region codes). Measured: unrelated images share a
    /// region within 2 bits in 1 of 940 pairs, 4 in 5, 6 in 6; at 2 it catches 68 % of 10 %-each-side crops.
    /// </summary>
    public int MaxDistanceImageRegion { get; set; } = 2;

    /// <summary>
    /// Image variant codes (crops of the original, compared with the other image's whole-image code, both ways).
    /// Measured: see docs/benchmarks.md.
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
