namespace DigitalCollections.Api.Works;

/// <summary>
/// One creator-signed change of a work's title and description: the history a collector can read back, with who
/// signed it and when. <see cref="Version"/> counts a work's changes from 1 and is part of what is signed, so an
/// old signature can never be replayed over a newer text.
/// </summary>
public sealed class MetadataChange
{
    public long Id { get; set; }
    public required string DeploymentKey { get; set; }
    /// <summary>The work's first token (its row in Works).</summary>
    public long TokenId { get; set; }
    public int Version { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    /// <summary>The creator's address that signed the change.</summary>
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public required string Signature { get; set; }
    /// <summary>The transaction that announced the change on chain (ERC-4906 MetadataUpdate), when it was announced.</summary>
    public string? TransactionHash { get; set; }
}
