using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// Each item's part of a mined batch transaction, from its logs: a mint gets the token its content was
/// registered as, an item the contract skipped gets the selector it was skipped with. The index's feed
/// carries only registrations and transfers; when those do not account for every item, the receipt (which
/// holds the skip events) is read, once per batch.
/// </summary>
internal static class BatchItemOutcomes
{
    /// <summary>Replaces each open batch row's entry in <paramref name="byId"/> with its item's own outcome.</summary>
    public static async Task ResolveAsync(IChainReader chain, IReadOnlyList<ChainTransaction> rows,
        Dictionary<Guid, MinedTransaction> byId, CancellationToken ct)
    {
        foreach (var batch in rows.Where(r => !r.IsFinal && r.BatchSize > 1).GroupBy(r => byId[r.Id].TransactionHash, StringComparer.OrdinalIgnoreCase))
        {
            var first = batch.First();
            var tx = byId[first.Id];
            if (!tx.Succeeded) continue; // reverted as a whole: nothing of it happened
            var logs = tx.Batch;
            var done = logs is null ? 0 : first.Kind == TransactionKinds.Mint ? logs.Registered.Count : logs.Transfers;
            if (done < first.BatchSize && logs?.Skips is null)
                logs = await chain.GetBatchLogsAsync(tx.TransactionHash, ct) ?? logs;
            foreach (var row in batch)
            {
                var skip = logs?.Skips?.FirstOrDefault(s => s.Index == row.BatchIndex);
                byId[row.Id] = skip is not null
                    ? tx with { MintedTokenId = null, SkippedWith = skip.Reason, Batch = null }
                    : tx with
                    {
                        MintedTokenId = row.Kind == TransactionKinds.Mint
                            ? logs?.Registered.FirstOrDefault(r => string.Equals(r.ContentHash, row.ContentHash, StringComparison.OrdinalIgnoreCase))?.TokenId
                            : null,
                        Batch = null,
                    };
            }
        }
    }

    /// <summary>
    /// The error a skipped item's selector names, with what the row knows of it, for when replaying its single
    /// call no longer reverts (the state it failed on changed since).
    /// </summary>
    public static async Task<ContractError?> SkipReasonAsync(IContractReader contract, ChainTransaction row, string selector, CancellationToken ct)
    {
        var known = ContractErrorDecoder.FromSelector(selector);
        if (known is null) return new ContractError("Unknown", new Dictionary<string, string> { ["data"] = selector });
        var arguments = new Dictionary<string, string>();
        if (row.ContentHash is { } hash) arguments["contentHash"] = hash;
        if (row.TokenId is { } tokenId) arguments["tokenId"] = tokenId.ToString();
        if (known.Name == "WorkAlreadyRegistered" && row.ContentHash is not null)
            arguments["tokenId"] = (await contract.TokenOfContentAsync(row.ContentHash, ct)).ToString();
        return known with { Arguments = arguments };
    }
}
