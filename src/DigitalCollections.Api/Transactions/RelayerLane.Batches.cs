using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// A lane's joining of writes into batch transactions, and its splitting of a batch that reverts as a whole:
/// in halves, down to single calls, so no write is ever dropped with its batch.
/// </summary>
public sealed partial class RelayerLane
{
    /// <summary>
    /// The taken writes as transactions: of each kind, runs of up to <see cref="ChainOptions.MaxBatchSize"/> as
    /// one batch call each; a run of one goes as its own single call, exactly as it would without batching.
    /// </summary>
    private async Task<List<OutgoingTransaction>> FormAsync(IReadOnlyList<ChainTransaction> rows, CancellationToken stop)
    {
        var max = Math.Max(1, options.Value.MaxBatchSize);
        var outgoing = new List<OutgoingTransaction>();
        foreach (var kind in rows.GroupBy(r => r.Kind))
            // An edition's call is already as large as the gas limit allows it to be, and an operator's call has
            // no batch function: never joined.
            foreach (var run in kind.Chunk(TransactionKinds.Batches(kind.Key) ? max : 1))
                await AddAsync(outgoing, run, stop);
        return outgoing;
    }

    /// <summary>The rows in halves (each estimated again), for a batch that reverted or was refused as a whole.</summary>
    private async Task<List<OutgoingTransaction>> HalvesAsync(IReadOnlyList<ChainTransaction> rows, CancellationToken stop)
    {
        var outgoing = new List<OutgoingTransaction>();
        var half = rows.Count / 2;
        await AddAsync(outgoing, rows.Take(half).ToList(), stop);
        await AddAsync(outgoing, rows.Skip(half).ToList(), stop);
        return outgoing;
    }

    /// <summary>
    /// One transaction of <paramref name="rows"/>, its gas limit from the node's estimate of the batch call. A
    /// batch whose estimate reverts as a whole (no item's fault: a pause, a lost role) is split in halves down
    /// to single calls, which then fail each with the contract's reason exactly as they would alone. Without an
    /// answer from the node the rows go as single calls.
    /// </summary>
    private async Task AddAsync(List<OutgoingTransaction> outgoing, IReadOnlyList<ChainTransaction> rows, CancellationToken stop)
    {
        if (rows.Count == 1)
        {
            outgoing.Add(OutgoingTransaction.Alone(rows[0]));
            return;
        }
        var callData = OutgoingTransaction.BatchCallData(rows);
        try
        {
            outgoing.Add(new OutgoingTransaction(rows, callData, await fees.GetBatchGasLimitAsync(Address, callData, stop)));
        }
        catch (ContractRevertedException e)
        {
            logger.LogWarning("Lane {Relayer}: a batch of {Count} would revert as a whole ({Error}); splitting it", Address, rows.Count, e.Error);
            outgoing.AddRange(await HalvesAsync(rows, stop));
        }
        catch (Exception e) when (e is ChainUnavailableException or JsonRpcException)
        {
            // No estimate now: the writes go as their single calls, whose gas limits they carry, and are recorded
            // and sent as they would be without batching, rather than refused for want of an estimate.
            logger.LogWarning("Lane {Relayer}: no gas estimate for a batch of {Count} ({Message}); sending them one by one", Address, rows.Count, e.Message);
            outgoing.AddRange(rows.Select(OutgoingTransaction.Alone));
        }
    }

    /// <summary>
    /// The transaction a row went out in, as recorded: the row alone, or every open row of its batch (by the
    /// shared hash, in batch order). Null when the row ended or was re-signed since <paramref name="hash"/>.
    /// </summary>
    private async Task<OutgoingTransaction?> LoadOutgoingAsync(Guid id, string hash, CancellationToken stop)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.ChainTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, stop);
        if (row is null || row.IsFinal || row.Nonce is null || !string.Equals(row.TransactionHash, hash, StringComparison.OrdinalIgnoreCase))
            return null;
        if (row.BatchSize is null) return OutgoingTransaction.Alone(row);
        var rows = await db.ChainTransactions.AsNoTracking()
            .Where(t => t.TransactionHash == row.TransactionHash && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent))
            .ToListAsync(stop);
        rows = rows.OrderBy(r => r.BatchIndex).ToList();
        if (rows.Count == 1) return OutgoingTransaction.Alone(rows[0]);
        var callData = OutgoingTransaction.BatchCallData(rows);
        long gasLimit;
        try
        {
            gasLimit = await fees.GetBatchGasLimitAsync(Address, callData, stop);
        }
        catch (ContractRevertedException)
        {
            gasLimit = rows.Sum(r => r.GasLimit); // what the items would take alone: only for a re-send of the same batch
        }
        return new OutgoingTransaction(rows, callData, gasLimit);
    }

    /// <summary>
    /// A batch mined as reverted as a whole (out of gas, say): its rows are open still; they go again in halves
    /// with new nonces, each half estimated anew, a half of one as its single call.
    /// </summary>
    private async Task SplitRevertedAsync(OutgoingTransaction reverted, CancellationToken stop)
    {
        logger.LogWarning("Lane {Relayer}: batch {Hash} of {Count} writes reverted as a whole; sending it again in halves",
            Address, reverted.Lead.TransactionHash, reverted.Rows.Count);
        var halves = await HalvesAsync(reverted.Rows, stop);
        _nextNonce ??= await sender.GetPendingNonceAsync(Address, stop);
        var nonce = await SignFromAsync(halves, _nextNonce.Value, stop);
        await OutboxWrites.UpdateAsync(scopes, halves.SelectMany(h => h.Rows));
        _nextNonce = nonce;
        foreach (var half in halves) tracker.Expect(half.Rows);
        await SendInOrderAsync(halves, stop);
    }
}
