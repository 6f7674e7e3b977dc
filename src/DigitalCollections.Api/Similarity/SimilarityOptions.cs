namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Similarity thresholds (section <c>Similarity</c>, e.g. <c>Similarity__MaxDistanceImage=12</c>): a registered
/// work whose code of a kind lies within this many bits (of 64) of a new work's is "similar". Higher catches
/// more copies and more unrelated works; the defaults come from the robustness benchmark (docs/benchmarks.md).
/// </summary>
public sealed class SimilarityOptions
{
    public const string SectionName = "Similarity";

    /// <summary>Whole-image Content-Code.</summary>
    public int MaxDistanceImage { get; set; } = 12;

    /// <summary>Text Content-Code.</summary>
    public int MaxDistanceText { get; set; } = 9;

    /// <summary>Data-Code (works without a Content-Code that takes part).</summary>
    public int MaxDistanceData { get; set; } = 8;

    /// <summary>Image region codes (crops).</summary>
    public int MaxDistanceImageRegion { get; set; } = 6;

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
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
