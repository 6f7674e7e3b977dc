using DigitalCollections.Api.Indexing;

namespace DigitalCollections.Api.Verification;

/// <summary>What the chain says about a content hash: the one answer both verification routes give.</summary>
public sealed record VerificationResult(
    string ContentHash,
    bool Registered,
    long? TokenId,
    string? Creator,
    string? Owner,
    DateTimeOffset? RegisteredAt,
    string? TransactionHash,
    bool? Confirmed = null,
    IndexPosition? ConsistentWith = null,
    IReadOnlyList<Similarity.SimilarWork>? Similar = null);
