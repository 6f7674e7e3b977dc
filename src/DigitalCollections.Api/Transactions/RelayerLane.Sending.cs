using System.Diagnostics;
using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;

namespace DigitalCollections.Api.Transactions;

/// <summary>A lane's recording, signing and sending of its transactions, and the nonce resync when a send is refused.</summary>
public sealed partial class RelayerLane
{
    /// <summary>Joins the taken writes into transactions, signs them in nonce order and records every row in one commit.</summary>
    private async Task<List<OutgoingTransaction>> RecordAsync(List<LaneItem> batch, CancellationToken stop)
    {
        var outgoing = await FormAsync(batch.Select(i => i.Row!).ToList(), stop);
        _nextNonce ??= await sender.GetPendingNonceAsync(Address, stop);
        var nonce = await SignFromAsync(outgoing, _nextNonce.Value, stop);

        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var contents = batch.Where(i => i.Content is not null).Select(i => i.Content!).ToList();
            if (batch.TrueForAll(item => item.IsNew))
            {
                await OutboxWrites.InsertAsync(db, batch.Select(i => i.Row!), contents); // the usual case, as plain statements
            }
            else
            {
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                var keep = new StatementBatch();
                foreach (var content in contents) Storage.ContentStore.AppendKeep(keep, db, content);
                await keep.ExecuteAsync(db, CancellationToken.None);
                foreach (var item in batch)
                {
                    if (item.IsNew) db.ChainTransactions.Add(item.Row!);
                    else db.ChainTransactions.Update(item.Row!);
                }
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
        }
        _nextNonce = nonce;
        Observability.Telemetry.WritesReached(TransactionStates.Queued, batch.Count(i => i.IsNew));
        // Watch for them before they are sent: a fast chain can mine one before the send call returns.
        foreach (var transaction in outgoing) tracker.Expect(transaction.Rows);
        foreach (var item in batch) item.Recorded.TrySetResult();
        return outgoing;
    }

    private async Task SendInOrderAsync(List<OutgoingTransaction> outgoing, CancellationToken stop)
    {
        var sent = new List<Guid>(outgoing.Sum(o => o.Rows.Count));
        var i = 0;
        try
        {
            while (i < outgoing.Count && !stop.IsCancellationRequested)
            {
                var transaction = outgoing[i];
                using var span = Observability.WriteTraces.StartSend(transaction.Rows, Address, transaction.Lead.Nonce);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await sender.SendRawAsync(Signed(transaction.Lead), stop);
                    Observability.Telemetry.Sent(Stopwatch.GetElapsedTime(started), accepted: true);
                    sent.AddRange(transaction.Rows.Select(r => r.Id));
                    i++;
                }
                catch (Exception e) when (e is TransactionRejectedException or ChainUnavailableException)
                {
                    Observability.Telemetry.Sent(Stopwatch.GetElapsedTime(started), accepted: false);
                    span?.SetStatus(ActivityStatusCode.Error, e.Message);
                    guard.Invalidate(); // a refusal or a silent node may be a node restarted on another chain
                    // The answer may be lost while the transaction went through (or, on Hardhat, it was mined and reverted).
                    if (await IsKnownAsync(transaction.Lead, stop))
                    {
                        sent.AddRange(transaction.Rows.Select(r => r.Id));
                        i++;
                        continue;
                    }
                    logger.LogWarning("Lane {Relayer}: send of nonce {Nonce} failed ({Error}); resyncing", Address, transaction.Lead.Nonce, e.Message);
                    await ResyncAsync(outgoing, i, e, stop);
                }
            }
        }
        finally
        {
            await OutboxWrites.MarkSentAsync(scopes, sent, clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Re-reads the account's pending nonce from the node and re-signs outgoing[from..] from there. A write the
    /// node keeps refusing fails after <see cref="ChainOptions.MaxSendAttempts"/>, and the rest move up; a batch
    /// it keeps refusing is split in halves instead, down to single writes.
    /// </summary>
    private async Task ResyncAsync(List<OutgoingTransaction> outgoing, int from, Exception error, CancellationToken stop)
    {
        var refused = outgoing[from];
        var row = refused.Lead;
        row.SendAttempts++;
        fees.InvalidateGasPrice();
        if (row.SendAttempts > 1)
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(row.SendAttempts, 5))), clock, stop);

        var pending = await OurPendingNonceAsync(stop);
        Observability.Telemetry.NonceResynced(Address);

        if (error is TransactionRejectedException && row.SendAttempts >= options.Value.MaxSendAttempts)
        {
            outgoing.RemoveAt(from);
            foreach (var r in refused.Rows) tracker.Forget(r);
            if (refused.IsBatch)
            {
                row.SendAttempts = 0;
                outgoing.InsertRange(from, await HalvesAsync(refused.Rows, stop));
            }
            else
            {
                await finalizer.FailUnsentAsync(row, "send-rejected",
                    $"The node refused the transaction {row.SendAttempts} times; last answer: {error.Message}");
            }
        }

        var resigned = outgoing.Skip(from).ToList();
        foreach (var owed in resigned) tracker.Forget(owed.Lead);
        var nonce = await SignFromAsync(resigned, pending, stop);
        await OutboxWrites.UpdateAsync(scopes, resigned.SelectMany(o => o.Rows));
        foreach (var owed in resigned) tracker.Expect(owed.Rows);
        _nextNonce = nonce;
    }

    /// <summary>
    /// Signs the transactions in order with nonces from <paramref name="nonce"/> at today's gas price; returns the
    /// nonce after them, which the lane takes as its next only once the rows are recorded.
    /// </summary>
    private async Task<long> SignFromAsync(IReadOnlyList<OutgoingTransaction> transactions, long nonce, CancellationToken stop)
    {
        var gasPrice = await fees.GetGasPriceAsync(stop);
        foreach (var transaction in transactions) Sign(transaction, nonce++, gasPrice);
        return nonce;
    }

    /// <summary>Signs the transaction at <paramref name="nonce"/>: every row gets the relayer, nonce and hash; the first the bytes.</summary>
    private void Sign(OutgoingTransaction transaction, long nonce, BigInteger gasPrice)
    {
        var signed = relayer.SignCall(Address, nonce, transaction.GasLimit, gasPrice, transaction.CallData);
        for (var i = 0; i < transaction.Rows.Count; i++)
        {
            var row = transaction.Rows[i];
            row.Relayer = signed.Relayer;
            row.Nonce = nonce;
            row.GasPrice = gasPrice.ToString();
            row.SignedTransaction = i == 0 ? signed.RawTransaction : null;
            row.TransactionHash = signed.Hash;
            row.State = TransactionStates.Queued;
            row.BatchIndex = transaction.IsBatch ? i : null;
            row.BatchSize = transaction.IsBatch ? transaction.Rows.Count : null;
        }
    }

    private static SignedTransaction Signed(ChainTransaction lead) =>
        new(lead.Relayer!, lead.Nonce!.Value, lead.SignedTransaction!, lead.TransactionHash!);
}
