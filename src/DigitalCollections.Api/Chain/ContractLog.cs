namespace DigitalCollections.Api.Chain;

/// <summary>
/// A decoded event of the contract. Mint/transfer: <see cref="From"/>/<see cref="To"/>; registration: creator and
/// content; a rule change (see <see cref="ContractLogKind"/>): <see cref="TokenId"/> and <see cref="Value"/>.
/// </summary>
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
    EditionFacts? Edition = null,
    long Value = 0);

/// <summary>
/// The indexed events. The rule changes carry a number in <see cref="ContractLog.Value"/>: TokenFrozen its reason
/// code, MinimumHoldChanged the hold in seconds (token 0: the whole collection), MetadataUpdate the last token of
/// the updated range (ERC-4906's MetadataUpdate: the token itself; BatchMetadataUpdate: its last token).
/// </summary>
public enum ContractLogKind { Transfer, WorkRegistered, EditionRegistered, TokenFrozen, TokenUnfrozen, MinimumHoldChanged, MetadataUpdate }

/// <summary>An EditionRegistered event's data: its tokens are TokenId … TokenId + Size - 1.</summary>
public sealed record EditionFacts(int Size, long HoldSeconds, bool Transferable);
