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
}
