namespace DigitalCollections.Api.Similarity;

/// <summary>
/// The codes to look for, by the kind they are: a work's compared code (and an image's region codes), or the units
/// of a code a client sent. <see cref="SimilarWorks"/> decides which index columns each is looked for in (an
/// Image-Code also among the registered variant codes).
/// </summary>
public sealed record SimilarityQuery(IReadOnlyList<(SimilarityCodeKind Kind, ulong[] Codes)> Codes)
{
    public static SimilarityQuery Of(WorkCodes codes)
    {
        var list = new List<(SimilarityCodeKind, ulong[])> { (codes.Kind, [codes.Bits]) };
        if (codes.Regions.Length > 0) list.Add((SimilarityCodeKind.ImageRegion, codes.Regions));
        return new SimilarityQuery(list);
    }
}
