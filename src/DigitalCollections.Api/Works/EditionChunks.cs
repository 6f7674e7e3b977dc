using DigitalCollections.Api.Transactions;

namespace DigitalCollections.Api.Works;

/// <summary>
/// How many edition tokens one transaction carries, planned from the measured gas (docs/benchmarks.md,
/// "Editions") under the transaction gas cap with a margin, and the gas limit such a chunk is sent with.
/// </summary>
public static class EditionChunks
{
    /// <summary>Osaka's transaction gas cap (EIP-7825), 2^24; Hardhat refuses a transaction asking for more.</summary>
    public const long TransactionGasCap = 16_777_216;

    // A tenth under the cap, less the call's fixed part (signature checks, the registration on a first call).
    private const long ChunkBudget = 15_000_000 - 250_000;
    private const long PerToken = 2_590;
    private const long PerLockedToken = 5_000;
    private const long PerRecipient = 66_000; // a recipient that held nothing: its balance slot and the token's word
    private const long LockedExtra = PerLockedToken - PerToken;

    /// <summary>Tokens per transaction: the measured cost per token plus a tenth, into the budget.</summary>
    public static int PerTransaction(bool transferable, bool toRecipients)
    {
        var perToken = (toRecipients ? PerRecipient : PerToken) + (transferable ? 0 : LockedExtra);
        return (int)(ChunkBudget / (perToken * 11 / 10));
    }

    /// <summary>The estimate with the usual margin, never above the cap (a chunk was planned to fit under it).</summary>
    public static long GasLimit(long estimate) => Math.Min(FeeCache.GasLimitFor(estimate), TransactionGasCap);
}
