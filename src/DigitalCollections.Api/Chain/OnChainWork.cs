namespace DigitalCollections.Api.Chain;

public sealed record OnChainWork(
    long TokenId,
    string Creator,
    string Owner,
    string ContentHash,
    DateTimeOffset RegisteredAt,
    int RoyaltyBps,
    long TransferNonce,
    string TokenUri);
