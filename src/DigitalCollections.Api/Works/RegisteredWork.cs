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
    IReadOnlyList<long>? VariantOf = null,
    TokenRange? Tokens = null,
    int EditionSize = 1,
    int Minted = 1);

/// <summary>The token ids of a work's edition: numbers 1…N are first…last.</summary>
public sealed record TokenRange(long First, long Last);
