namespace DigitalCollections.Api.Chain;

/// <summary>A decoded event of the contract. Mint/transfer: <see cref="From"/>/<see cref="To"/>; registration: creator and content.</summary>
public sealed record ContractLog(
    ContractLogKind Kind,
    long TokenId,
    string? From,
    string? To,
    string? Creator,
    string? ContentHash,
    long BlockNumber,
    string BlockHash,
    long LogIndex,
    string TransactionHash,
    EditionFacts? Edition = null);

public enum ContractLogKind { Transfer, WorkRegistered, EditionRegistered }

/// <summary>An EditionRegistered event's data: its tokens are TokenId … TokenId + Size - 1.</summary>
public sealed record EditionFacts(int Size, long HoldSeconds, bool Transferable);
