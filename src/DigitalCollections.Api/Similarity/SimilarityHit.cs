namespace DigitalCollections.Api.Similarity;

/// <summary>A registered work whose code of <see cref="Kind"/> lies <see cref="Distance"/> bits from the query's.</summary>
public readonly record struct SimilarityHit(long TokenId, SimilarityCodeKind Kind, int Distance);
