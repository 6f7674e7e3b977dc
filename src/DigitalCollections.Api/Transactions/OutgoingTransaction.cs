namespace DigitalCollections.Api.Transactions;

/// <summary>
/// One transaction a lane signs: a write alone, as its own single call (exactly as it would go without
/// batching), or several writes of one kind as one batch call. The rows share the transaction's relayer,
/// nonce and hash; the first row keeps the signed bytes.
/// </summary>
internal sealed class OutgoingTransaction(IReadOnlyList<ChainTransaction> rows, string callData, long gasLimit)
{
    public IReadOnlyList<ChainTransaction> Rows { get; } = rows;
    public ChainTransaction Lead => Rows[0];
    public bool IsBatch => Rows.Count > 1;
    public string CallData { get; } = callData;
    public long GasLimit { get; } = gasLimit;

    public static OutgoingTransaction Alone(ChainTransaction row) => new([row], row.CallData, row.GasLimit);

    /// <summary>The batch call joining the rows' single calls, in their order.</summary>
    public static string BatchCallData(IReadOnlyList<ChainTransaction> rows) =>
        rows[0].Kind == TransactionKinds.Mint
            ? Chain.BatchEncoding.MintWorksCallData(rows.Select(r => r.CallData).ToList())
            : Chain.BatchEncoding.TransferWithAuthorizationsCallData(rows.Select(r => r.CallData).ToList());
}
