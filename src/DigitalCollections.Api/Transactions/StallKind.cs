using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Transactions;

public enum StallKind
{
    /// <summary>Unmined and unknown to the node: it left the pool (dropped, or a node that restarted).</summary>
    Dropped,
    /// <summary>In the pool, unmined for <see cref="ChainOptions.ReplaceAfterSeconds"/>: its fee is too low.</summary>
    Underpriced,
    /// <summary>A batch transaction mined as reverted as a whole (out of gas, say): its items are split and sent again.</summary>
    Reverted,
}
