using DigitalCollections.Api.Common;
using DigitalCollections.Api.Similarity;

namespace DigitalCollections.Api.Works;

/// <summary>Before a mint: other creators' registered works that resemble the file, and the creator's own.</summary>
internal static class SimilarWorkCheck
{
    /// <summary>
    /// 409 when another creator's registered work resembles this one and the creator did not acknowledge it;
    /// else the works it will be linked to: other creators' (acknowledged) and the creator's own (variants).
    /// </summary>
    public static async Task<(long[] SimilarTo, long[] VariantOf)> CheckAsync(SimilarWorks similarWorks, WorkCodes codes, string creator, bool acknowledged, CancellationToken ct)
    {
        var similar = await similarWorks.FindAsync(SimilarityQuery.Of(codes), ct);
        var own = similar.Where(w => string.Equals(w.Creator, creator, StringComparison.OrdinalIgnoreCase)).ToList();
        // Priority goes to the earliest registration: another creator's work registered after one of the creator's
        // own similar works (a copy of theirs, acknowledged) does not stand in the way of the creator's variants.
        var ownFirst = own.Count > 0 ? own.Min(w => w.TokenId) : long.MaxValue;
        var others = similar.Except(own).Where(w => w.TokenId < ownFirst).OrderBy(w => w.RegisteredAt).ThenBy(w => w.TokenId).ToList();
        if (others.Count > 0 && !acknowledged)
        {
            var first = others[0];
            throw new ApiProblemException(409, "similar-work-registered", "A similar work of another creator is registered.",
                $"This file closely resembles work #{first.TokenId} by {first.Creator}, registered {first.RegisteredAt:u} " +
                $"({first.CodeKind} code {first.Distance} of 64 bits apart). Nothing was sent. To register it knowingly, " +
                "send acknowledgeSimilar=true; the work is then linked to the works it resembles.", "file",
                new Dictionary<string, object?>
                {
                    ["matches"] = others.Select(w => new SimilarMatch(w.TokenId, w.Creator, w.RegisteredAt, w.CodeKind, w.Distance, w.Similarity)).ToList(),
                });
        }
        return (others.Select(w => w.TokenId).ToArray(), own.Select(w => w.TokenId).OrderBy(id => id).ToArray());
    }
}
