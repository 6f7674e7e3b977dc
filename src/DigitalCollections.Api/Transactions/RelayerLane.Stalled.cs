using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Transactions;

/// <summary>A lane's care of its sent transactions that stalled: dropped from the node's pool, or pending too long.</summary>
public sealed partial class RelayerLane
{
    /// <summary>A sent transaction the tracker found dropped or pending too long: sent again or replaced between batches.</summary>
    public void EnqueueStalled(StalledTransaction stalled) => _queue.Writer.TryWrite(new LaneItem(null, IsNew: false, stalled));

    /// <summary>
    /// A sent transaction the tracker handed back. Mined or back on the node: watched again. Dropped: sent again
    /// with its nonce while that is free, else re-signed with this lane's next one. Underpriced: replaced at the
    /// same nonce with a higher gas price, up to the cap. A batch mined as reverted as a whole: split and sent
    /// again. A row re-signed or ended since is left alone. A batch is seen to whole, by its first row.
    /// </summary>
    private async Task RecoverAsync(StalledTransaction stalled, CancellationToken stop)
    {
        try
        {
            var transaction = await LoadOutgoingAsync(stalled.Id, stalled.Hash, stop);
            if (transaction is null) return;
            await guard.EnsureOursAsync(stop);
            if (await chain.GetMinedTransactionAsync(transaction.Lead.TransactionHash!, stop) is { } mined)
            {
                if (!mined.Succeeded && transaction.IsBatch) await SplitRevertedAsync(transaction, stop);
                else tracker.Expect(transaction.Rows);
                return;
            }
            if (stalled.Kind == StallKind.Underpriced && await IsKnownAsync(transaction.Lead, stop)) await ReplaceAsync(transaction, stop);
            else await ResendAsync(transaction, stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            if (e is ChainIdentityException && guard.Last?.Match == ChainMatch.Reset) return; // failed with the reset
            logger.LogWarning("Lane {Relayer}: transaction {Hash} could not be seen to ({Message}); trying again", Address, stalled.Hash, e.Message);
            _ = Task.Delay(TimeSpan.FromSeconds(1), clock, stop).ContinueWith(_ => EnqueueStalled(stalled), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }

    private async Task ResendAsync(OutgoingTransaction transaction, CancellationToken stop)
    {
        var row = transaction.Lead;
        if (await IsKnownAsync(row, stop))
        {
            tracker.Expect(transaction.Rows);
            return;
        }
        var pending = await sender.GetPendingNonceAsync(row.Relayer ?? Address, stop);
        if (pending <= row.Nonce)
        {
            // Its nonce is still free: the same bytes again (a refusal resyncs and re-signs as for any send).
            logger.LogWarning("Lane {Relayer}: transaction {Hash} (nonce {Nonce}) left the node's pool; sending it again", Address, row.TransactionHash, row.Nonce);
            tracker.Expect(transaction.Rows);
            await SendInOrderAsync([transaction], stop);
            return;
        }
        _nextNonce ??= await sender.GetPendingNonceAsync(Address, stop);
        var dropped = row.TransactionHash;
        Sign(transaction, _nextNonce.Value, await fees.GetGasPriceAsync(stop));
        logger.LogWarning("Lane {Relayer}: transaction {Hash} left the node's pool and its nonce was taken; re-signed with nonce {Nonce}",
            Address, dropped, row.Nonce);
        if (!await OutboxWrites.ResignedAsync(scopes, transaction.Rows)) return;
        _nextNonce++;
        tracker.Expect(transaction.Rows);
        await SendInOrderAsync([transaction], stop);
    }

    private async Task ReplaceAsync(OutgoingTransaction transaction, CancellationToken stop)
    {
        var row = transaction.Lead;
        var signedAt = BigInteger.Parse(row.GasPrice ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var price = Formats.SameAddress(row.Relayer, Address)
            ? FeeCache.ReplacementPrice(signedAt, await fees.GetGasPriceAsync(stop), fees.MaxGasPrice)
            : null; // only the account's own lane may sign at its nonce
        if (price is null)
        {
            logger.LogWarning("Lane {Relayer}: transaction {Hash} waits at gas price {Price} wei (Chain:MaxGasPriceGwei caps a replacement)",
                Address, row.TransactionHash, signedAt);
            tracker.Expect(transaction.Rows);
            return;
        }
        var previous = transaction.Rows.Select(r => (r.GasPrice, r.SignedTransaction, r.TransactionHash, r.State)).ToList();
        Sign(transaction, row.Nonce!.Value, price.Value);
        for (var i = 0; i < previous.Count; i++) transaction.Rows[i].State = previous[i].State;
        if (!await OutboxWrites.ResignedAsync(scopes, transaction.Rows)) return;
        tracker.Expect(transaction.Rows, replacing: previous[0].TransactionHash);
        try
        {
            await sender.SendRawAsync(Signed(row), stop);
            logger.LogInformation("Lane {Relayer}: transaction {Old} pending too long; replaced by {New} at gas price {From} → {To} wei",
                Address, previous[0].TransactionHash, row.TransactionHash, signedAt, price);
        }
        catch (Exception e) when (e is TransactionRejectedException or ChainUnavailableException)
        {
            if (await IsKnownAsync(row, stop)) return;
            // Not taken (the first one was mined meanwhile, or the node wants more): the first stays the row's.
            tracker.Forget(row);
            for (var i = 0; i < previous.Count; i++)
                (transaction.Rows[i].GasPrice, transaction.Rows[i].SignedTransaction, transaction.Rows[i].TransactionHash, transaction.Rows[i].State) = previous[i];
            await OutboxWrites.ResignedAsync(scopes, transaction.Rows);
            tracker.Expect(transaction.Rows);
            logger.LogWarning("Lane {Relayer}: replacing {Hash} was refused ({Error}); it stays as signed", Address, row.TransactionHash, e.Message);
        }
    }
}
