using DigitalCollections.Api.Data;

namespace DigitalCollections.Api.Similarity;

/// <summary>Reading a work row's similarity facts for answers.</summary>
public static class WorkLinks
{
    /// <summary>Token ids stored comma-separated (<see cref="WorkRecord.SimilarTo"/>, <see cref="WorkRecord.VariantOf"/>).</summary>
    public static IReadOnlyList<long> Parse(string? ids) =>
        string.IsNullOrEmpty(ids) ? [] : ids.Split(',').Select(long.Parse).ToList();

    /// <summary>The row's codes as answers show them; null for a row without codes (not held here, or not yet backfilled).</summary>
    public static IsccView? Iscc(this WorkRecord? work) =>
        work?.Iscc is null ? null
            : new IsccView(work.Iscc, work.IsccMeta, work.IsccContent, work.IsccData!, work.IsccInstance!, work.ContentKind, work.ContentReason);
}
