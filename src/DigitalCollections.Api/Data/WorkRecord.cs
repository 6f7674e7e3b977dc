namespace DigitalCollections.Api.Data;

public sealed class WorkRecord
{
    public long Id { get; set; }
    public required string DeploymentKey { get; set; }
    public long TokenId { get; set; }
    public required string ContentHash { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public required string ContentType { get; set; }
    public string? FileName { get; set; }
    public long SizeBytes { get; set; }
    public required string Creator { get; set; }
    public required string TransactionHash { get; set; }
    public long BlockNumber { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    // The work's edition: TokenId is its first token, the others follow it consecutively (numbers 1…EditionSize).
    // A unique work is an edition of 1. The circulation rules are the creator's, signed with the edition.
    /// <summary>How many tokens the work was issued as (1 for a unique work).</summary>
    public int EditionSize { get; set; } = 1;
    /// <summary>How long after a token arrives its owner must hold it before it can be passed on (the creator's rule).</summary>
    public long HoldSeconds { get; set; }
    /// <summary>True when the creator made the work's tokens never transferable (ERC-5192 locked).</summary>
    public bool Locked { get; set; }

    // The work's ISCC codes (Similarity/WorkCodes.cs); null on rows older than the codes until the backfill runs.
    public string? Iscc { get; set; }
    public string? IsccMeta { get; set; }
    public string? IsccContent { get; set; }
    public string? IsccData { get; set; }
    public string? IsccInstance { get; set; }
    public string? ContentKind { get; set; }
    public string? ContentReason { get; set; }
    /// <summary>The code kind the work is compared by (<see cref="Similarity.SimilarityCodeKind"/>) and its 64 bits, as a signed integer.</summary>
    public int? SimilarityKind { get; set; }
    public long? SimilarityBits { get; set; }
    /// <summary>Image region codes, 8 bytes each, big-endian.</summary>
    public byte[]? SimilarityRegions { get; set; }
    /// <summary>
    /// Image variant codes (crops), 8 bytes each, big-endian: empty when every crop was flat, null on works that
    /// are no compared image or on image rows older than variants until the backfill runs.
    /// </summary>
    public byte[]? SimilarityVariants { get; set; }
    /// <summary>Other creators' works this one was registered knowing it resembles, as comma-separated token ids.</summary>
    public string? SimilarTo { get; set; }
    /// <summary>The same creator's earlier works this one resembles, comma-separated token ids.</summary>
    public string? VariantOf { get; set; }
}
