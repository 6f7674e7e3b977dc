using DigitalCollections.Api.Similarity;

namespace DigitalCollections.Api.Works;

public sealed record RegisteredWork(
    long TokenId,
    string ContentHash,
    string Creator,
    string Owner,
    int RoyaltyBps,
    string TokenUri,
    string TransactionHash,
    long BlockNumber,
    DateTimeOffset RegisteredAt,
    IsccView? Iscc = null,
    IReadOnlyList<long>? SimilarTo = null,
    IReadOnlyList<long>? VariantOf = null);
