namespace DigitalCollections.Api.Proofs;

/// <summary>Settings of proof bundles (section <c>Proofs</c>).</summary>
public sealed class ProofOptions
{
    public const string SectionName = "Proofs";

    /// <summary>
    /// Bundles kept in memory, by block and token (0: none). A bundle at a block never changes while that block's hash
    /// stays, so a second request for it is answered without the node's eth_getProof; a bundle is 9-20 KB.
    /// </summary>
    public int CacheEntries { get; set; } = 2048;
}
