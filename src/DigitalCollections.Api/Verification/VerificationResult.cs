using DigitalCollections.Api.Indexing;

namespace DigitalCollections.Api.Verification;

/// <summary>What the chain says about a content hash: the one answer both verification routes give.</summary>
/// <remarks>
/// For an edition, <see cref="TokenId"/> and <see cref="Owner"/> are its No. 1's and <see cref="Edition"/> lists its
/// tokens; a unique work has no <see cref="Edition"/> (null).
/// </remarks>
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
    IReadOnlyList<Similarity.SimilarWork>? Similar = null,
    Works.EditionTokenPage? Edition = null);
