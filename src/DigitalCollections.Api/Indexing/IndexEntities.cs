namespace DigitalCollections.Api.Indexing;

/// <summary>How far the index has read the chain: committed in the same transaction as the rows it covers.</summary>
public sealed class IndexCheckpoint
{
    public required string DeploymentKey { get; set; }
    public long BlockNumber { get; set; }
    public required string BlockHash { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A block the index read events from (and each checkpoint block): its hash is re-checked to detect reorgs.</summary>
public sealed class IndexedBlock
{
    public required string DeploymentKey { get; set; }
    public long Number { get; set; }
    public required string Hash { get; set; }
    public long TimestampUnix { get; set; }
}

/// <summary>One Transfer event of the contract (a mint has From = zero address).</summary>
public sealed class IndexedTransfer
{
    public long Id { get; set; }
    public required string DeploymentKey { get; set; }
    public long TokenId { get; set; }
    public required string From { get; set; }
    public required string To { get; set; }
    public long BlockNumber { get; set; }
    public required string BlockHash { get; set; }
    public long LogIndex { get; set; }
    public required string TransactionHash { get; set; }
    public long TimestampUnix { get; set; }
}

/// <summary>A token as the events built it: creator and content from WorkRegistered, owner from the last Transfer.</summary>
public sealed class IndexedToken
{
    public required string DeploymentKey { get; set; }
    public long TokenId { get; set; }
    public string? Creator { get; set; }
    public string? ContentHash { get; set; }
    public required string Owner { get; set; }
    public long MintBlockNumber { get; set; }
    public required string MintTransactionHash { get; set; }
    public long RegisteredAtUnix { get; set; }
    /// <summary>Block and log of the event that set the owner: a reorg past it recomputes the owner.</summary>
    public long OwnerBlockNumber { get; set; }
    public long OwnerLogIndex { get; set; }

    // From EditionRegistered: null on a unique work's token (an edition of 1) and until the event is indexed.
    public long? EditionFirstTokenId { get; set; }
    public int? EditionNumber { get; set; }
    public int? EditionSize { get; set; }
    /// <summary>The creator's hold, seconds after a token arrives; the operator's minimum applies on top.</summary>
    public long? HoldSeconds { get; set; }
    /// <summary>The creator made the token never transferable (ERC-5192).</summary>
    public bool? Locked { get; set; }
}

/// <summary>
/// A change to a token's or the collection's circulation rules or metadata, from its event: freezes and
/// unfreezes (the reason code in <see cref="Value"/>), the operator's minimum hold (seconds in <see cref="Value"/>,
/// no token) and ERC-4906 metadata updates. The current state is the newest row, so a reorg only has to
/// delete the rows after its common ancestor.
/// </summary>
public sealed class IndexedRuleChange
{
    public long Id { get; set; }
    public required string DeploymentKey { get; set; }
    /// <summary>One of <see cref="RuleChangeKinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>The token the change is about (a metadata update: the first of its range); null for a collection-wide change (the minimum hold).</summary>
    public long? TokenId { get; set; }
    /// <summary>Frozen: the reason code; minimum hold: seconds; metadata update: the last token of the range; unfrozen: 0.</summary>
    public long Value { get; set; }
    public long BlockNumber { get; set; }
    public required string BlockHash { get; set; }
    public long LogIndex { get; set; }
    public required string TransactionHash { get; set; }
    public long TimestampUnix { get; set; }
}

/// <summary>The kinds of <see cref="IndexedRuleChange"/>.</summary>
public static class RuleChangeKinds
{
    public const string Frozen = "frozen";
    public const string Unfrozen = "unfrozen";
    public const string MinimumHold = "minimum-hold";
    public const string MetadataUpdate = "metadata-update";

    /// <summary>The row kind of a decoded event; null for an event that is not a rule change.</summary>
    public static string? Of(Chain.ContractLogKind kind) => kind switch
    {
        Chain.ContractLogKind.TokenFrozen => Frozen,
        Chain.ContractLogKind.TokenUnfrozen => Unfrozen,
        Chain.ContractLogKind.MinimumHoldChanged => MinimumHold,
        Chain.ContractLogKind.MetadataUpdate => MetadataUpdate,
        _ => null,
    };
}
