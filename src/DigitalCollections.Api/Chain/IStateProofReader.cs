namespace DigitalCollections.Api.Chain;

/// <summary>
/// EIP-1186 proofs of the contract's storage at a block, with the block's full header: what a work's proof
/// bundle is made of.
/// </summary>
public interface IStateProofReader
{
    /// <summary>
    /// A storage word of the contract at the latest block (32 bytes; zero when never written) and the head's
    /// number, in one JSON-RPC batch.
    /// </summary>
    Task<(byte[] Word, long Head)> ReadSlotAsync(string slot, CancellationToken ct);

    /// <summary>Several storage words of the contract at the latest block and the head's number, in one batch.</summary>
    Task<(IReadOnlyList<byte[]> Words, long Head)> ReadSlotsAsync(IReadOnlyList<string> slots, CancellationToken ct);

    /// <summary>The hash of block <paramref name="blockNumber"/>; null when the node has no such block.</summary>
    Task<string?> BlockHashAsync(long blockNumber, CancellationToken ct);

    /// <summary>
    /// The header of block <paramref name="blockNumber"/> and the contract's account and storage proofs at it,
    /// in one JSON-RPC batch; null when the node has no such block.
    /// </summary>
    Task<StateProof?> GetProofAsync(IReadOnlyList<string> slots, long blockNumber, CancellationToken ct);
}
