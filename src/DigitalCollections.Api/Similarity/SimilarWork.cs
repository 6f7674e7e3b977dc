using System.Text.Json;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// A registered work that resembles the one asked about. <c>codeKind</c> names the code that matched
/// (<c>image</c>, <c>text</c>, <c>data</c>, <c>imageRegion</c> or <c>imageVariant</c>), <c>distance</c> its differing bits of 64 and
/// <c>similarity</c> = (64 − distance) / 64.
/// </summary>
public sealed record SimilarWork(long TokenId, string Creator, string? Owner, DateTimeOffset RegisteredAt, string CodeKind, int Distance, double Similarity)
{
    public static string KindName(SimilarityCodeKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    public static double SimilarityOf(int distance) => Math.Round((64 - distance) / 64.0, 3);
}
