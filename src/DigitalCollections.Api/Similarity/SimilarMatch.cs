namespace DigitalCollections.Api.Similarity;

/// <summary>An item of a <c>similar-work-registered</c> problem's <c>matches</c>.</summary>
public sealed record SimilarMatch(long TokenId, string Creator, DateTimeOffset RegisteredAt, string CodeKind, int Distance, double Similarity);
