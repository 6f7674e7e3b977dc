namespace DigitalCollections.Api.Similarity;

/// <summary>The codes to look for, by kind: a work's compared code (and its image regions), or the units of a code a client sent.</summary>
public sealed record SimilarityQuery(IReadOnlyList<(SimilarityCodeKind Kind, ulong[] Codes)> Codes)
{
    public static SimilarityQuery Of(WorkCodes codes)
    {
        var list = new List<(SimilarityCodeKind, ulong[])> { (codes.Kind, [codes.Bits]) };
        if (codes.Regions.Length > 0) list.Add((SimilarityCodeKind.ImageRegion, codes.Regions));
        return new SimilarityQuery(list);
    }
}
