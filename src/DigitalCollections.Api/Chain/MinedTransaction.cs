namespace DigitalCollections.Api.Chain;

/// <summary>A mined transaction as the contract's logs (or its receipt) tell it.</summary>
/// <param name="Succeeded">False when it reverted.</param>
/// <param name="MintedTokenId">The WorkRegistered token, for a mint.</param>
/// <param name="BlockTimestampUnix">The block's time when it came with the logs (saves a header lookup), else null.</param>
/// <param name="TransactionHash">The transaction.</param>
/// <param name="BlockNumber">The block it was mined in.</param>
/// <param name="BlockHash">That block's hash.</param>
/// <param name="Batch">A batch call's registrations and transfers, when its logs hold more than one work's (null otherwise).</param>
/// <param name="SkippedWith">For one item of a batch: the selector of the error the batch skipped it with, else null.</param>
public sealed record MinedTransaction(
    string TransactionHash,
    long BlockNumber,
    string BlockHash,
    bool Succeeded,
    long? MintedTokenId,
    long? BlockTimestampUnix = null,
    BatchLogs? Batch = null,
    string? SkippedWith = null)
{
    /// <summary>
    /// The contract's logs grouped by transaction: each one that emitted a log succeeded. A header of the same
    /// block (same hash) gives the block's time.
    /// </summary>
    public static IEnumerable<MinedTransaction> FromLogs(IEnumerable<ContractLog> logs, IReadOnlyDictionary<long, BlockHeader>? headers = null) =>
        logs.GroupBy(l => l.TransactionHash, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var first = g.First();
                var header = headers?.GetValueOrDefault(first.BlockNumber);
                var time = header is not null && string.Equals(header.Hash, first.BlockHash, StringComparison.OrdinalIgnoreCase)
                    ? header.TimestampUnix
                    : (long?)null;
                // One mint logs Transfer and WorkRegistered, one transfer a Transfer: more is a batch's.
                var batch = g.Count() <= 2 ? null : new BatchLogs(
                    g.Where(l => l.Kind == ContractLogKind.WorkRegistered).Select(l => new RegisteredToken(l.TokenId, l.ContentHash!)).ToList(),
                    g.Count(l => l.Kind == ContractLogKind.Transfer), null);
                return new MinedTransaction(g.Key, first.BlockNumber, first.BlockHash, true,
                    g.FirstOrDefault(l => l.Kind == ContractLogKind.WorkRegistered)?.TokenId, time, batch);
            });
}
