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
    /// same nonce with a higher gas price, up to the cap. A row re-signed or ended since is left alone.
    /// </summary>
    private async Task RecoverAsync(StalledTransaction stalled, CancellationToken stop)
    {
        try
        {
            ChainTransaction? row;
            using (var scope = scopes.CreateScope())
                row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking()
                    .SingleOrDefaultAsync(t => t.Id == stalled.Id, stop);
            if (row is null || row.IsFinal || row.Nonce is null || !string.Equals(row.TransactionHash, stalled.Hash, StringComparison.OrdinalIgnoreCase))
                return;
            await guard.EnsureOursAsync(stop);
            if (await chain.GetMinedTransactionAsync(row.TransactionHash!, stop) is not null)
            {
                tracker.Expect(row);
                return;
            }
            if (stalled.Kind == StallKind.Underpriced && await IsKnownAsync(row, stop)) await ReplaceAsync(row, stop);
            else await ResendAsync(row, stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            if (e is ChainIdentityException && guard.Last?.Match == ChainMatch.Reset) return; // failed with the reset
            logger.LogWarning("Lane {Relayer}: transaction {Hash} could not be seen to ({Message}); trying again", Address, stalled.Hash, e.Message);
            _ = Task.Delay(TimeSpan.FromSeconds(1), clock, stop).ContinueWith(_ => EnqueueStalled(stalled), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }

    private async Task ResendAsync(ChainTransaction row, CancellationToken stop)
    {
        if (await IsKnownAsync(row, stop))
        {
            tracker.Expect(row);
            return;
        }
        var pending = await sender.GetPendingNonceAsync(row.Relayer ?? Address, stop);
        if (pending <= row.Nonce)
        {
            // Its nonce is still free: the same bytes again (a refusal resyncs and re-signs as for any send).
            logger.LogWarning("Lane {Relayer}: transaction {Hash} (nonce {Nonce}) left the node's pool; sending it again", Address, row.TransactionHash, row.Nonce);
            tracker.Expect(row);
            await SendInOrderAsync([row], stop);
            return;
        }
        _nextNonce ??= await sender.GetPendingNonceAsync(Address, stop);
        var dropped = row.TransactionHash;
        Sign(row, _nextNonce.Value, await fees.GetGasPriceAsync(stop));
        logger.LogWarning("Lane {Relayer}: transaction {Hash} left the node's pool and its nonce was taken; re-signed with nonce {Nonce}",
            Address, dropped, row.Nonce);
        if (!await OutboxWrites.ResignedAsync(scopes, row)) return;
        _nextNonce++;
        tracker.Expect(row);
        await SendInOrderAsync([row], stop);
    }

    private async Task ReplaceAsync(ChainTransaction row, CancellationToken stop)
    {
        var signedAt = BigInteger.Parse(row.GasPrice ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var price = Formats.SameAddress(row.Relayer, Address)
            ? FeeCache.ReplacementPrice(signedAt, await fees.GetGasPriceAsync(stop), fees.MaxGasPrice)
            : null; // only the account's own lane may sign at its nonce
        if (price is null)
        {
            logger.LogWarning("Lane {Relayer}: transaction {Hash} waits at gas price {Price} wei (Chain:MaxGasPriceGwei caps a replacement)",
                Address, row.TransactionHash, signedAt);
            tracker.Expect(row);
            return;
        }
        var previous = (row.GasPrice, row.SignedTransaction, row.TransactionHash, row.State);
        Sign(row, row.Nonce!.Value, price.Value);
        row.State = previous.State;
        if (!await OutboxWrites.ResignedAsync(scopes, row)) return;
        tracker.Expect(row, replacing: previous.TransactionHash);
        try
        {
            await sender.SendRawAsync(Signed(row), stop);
            logger.LogInformation("Lane {Relayer}: transaction {Old} pending too long; replaced by {New} at gas price {From} → {To} wei",
                Address, previous.TransactionHash, row.TransactionHash, signedAt, price);
        }
        catch (Exception e) when (e is TransactionRejectedException or ChainUnavailableException)
        {
            if (await IsKnownAsync(row, stop)) return;
            // Not taken (the first one was mined meanwhile, or the node wants more): the first stays the row's.
            tracker.Forget(row);
            (row.GasPrice, row.SignedTransaction, row.TransactionHash, row.State) = previous;
            await OutboxWrites.ResignedAsync(scopes, row);
            tracker.Expect(row);
            logger.LogWarning("Lane {Relayer}: replacing {Hash} was refused ({Error}); it stays as signed", Address, row.TransactionHash, e.Message);
        }
    }
}
