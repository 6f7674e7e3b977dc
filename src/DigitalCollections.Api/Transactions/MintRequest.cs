namespace DigitalCollections.Api.Transactions;

/// <summary>A mint's off-chain facts, kept with the outbox row so the work row can be written whenever it confirms.</summary>
public sealed record MintRequest(
    string ContentHash,
    string Title,
    string? Description,
    string ContentType,
    string? FileName,
    long SizeBytes,
    string Creator,
    string To,
    int RoyaltyBps,
    Similarity.WorkCodes? Codes = null,
    long[]? SimilarTo = null,
    long[]? VariantOf = null,
    int EditionSize = 1,
    long HoldSeconds = 0,
    bool Transferable = true,
    string[]? Recipients = null);
