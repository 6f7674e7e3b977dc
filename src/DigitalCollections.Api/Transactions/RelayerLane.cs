using System.Numerics;
using System.Threading.Channels;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// One relayer account's ordered send lane. It owns the account's next nonce locally: writes are signed
/// in nonce order, recorded in the outbox in one commit per batch, then sent in that order. Receipts are
/// the tracker's job, so the lane never waits for a block. A refused send resyncs the nonce from the
/// node's pending count and re-signs what is still owed, so no nonce is ever skipped. Nothing is signed or
/// sent unless the identity guard finds the node's chain to be the deployment's. A transaction the node
/// dropped is sent again (same nonce while it is free, else re-signed); one pending too long is replaced.
/// </summary>
public sealed partial class RelayerLane(
    string address,
    IChainReader chain,
    IRelayer relayer,
    ITransactionSender sender,
    ChainIdentityGuard guard,
    FeeCache fees,
    ConfirmationTracker tracker,
    TransactionFinalizer finalizer,
    IServiceScopeFactory scopes,
    IOptions<ChainOptions> options,
    TimeProvider clock,
    ILogger logger)
{
    private const int MaxBatch = 64;

    private readonly Channel<LaneItem> _queue = Channel.CreateUnbounded<LaneItem>(new() { SingleReader = true });
    private long? _nextNonce;
    private int _outstanding;

    public string Address { get; } = address;

    /// <summary>Writes handed to this lane and not yet sent: the pool gives new work to the least busy lane.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Queues a new write; the task completes once it is recorded in the outbox (or fails, then nothing was recorded).</summary>
    public Task EnqueueAsync(ChainTransaction row)
    {
        var item = new LaneItem(row, IsNew: true);
        Interlocked.Increment(ref _outstanding);
        _queue.Writer.TryWrite(item);
        return item.Recorded.Task;
    }

    /// <summary>Queues a recorded write that never reached the chain (found after a restart): re-signed with this lane's nonce.</summary>
    public void EnqueueOwed(ChainTransaction row)
    {
        Interlocked.Increment(ref _outstanding);
        _queue.Writer.TryWrite(new LaneItem(row, IsNew: false));
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var batch = new List<LaneItem>(MaxBatch);
        var stalled = new List<StalledTransaction>();
        while (await _queue.Reader.WaitToReadAsync(stop))
        {
            batch.Clear();
            stalled.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item.Stalled is { } s) stalled.Add(s);
                else batch.Add(item);
            }
            foreach (var s in stalled) await RecoverAsync(s, stop);
            if (batch.Count == 0) continue;
            try
            {
                await guard.EnsureOursAsync(stop); // nothing is signed for a chain that is not the deployment's
                await RecordAsync(batch, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Nothing of this batch is in the outbox, nothing was sent: the requests fail cleanly.
                logger.LogWarning(e, "Lane {Relayer} could not record {Count} writes", Address, batch.Count);
                foreach (var item in batch) item.Recorded.TrySetException(e);
                Interlocked.Add(ref _outstanding, -batch.Count);
                _nextNonce = null;
                // Writes recorded before a restart are owed still, unless the chain was reset (they failed with it).
                var owed = batch.Where(i => !i.IsNew).Select(i => i.Row!).ToList();
                if (owed.Count > 0 && guard.Last?.Match != ChainMatch.Reset) _ = RequeueLaterAsync(owed, stop);
                continue;
            }
            try
            {
                await SendInOrderAsync(batch.Select(i => i.Row!).ToList(), stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                await AbandonBatchAsync(e);
            }
            finally
            {
                Interlocked.Add(ref _outstanding, -batch.Count);
            }
        }
    }

    private async Task RequeueLaterAsync(List<ChainTransaction> owed, CancellationToken stop)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), clock, stop);
        foreach (var row in owed) EnqueueOwed(row);
    }

    /// <summary>
    /// Sending stopped half-way: the rows stay recorded (a restart reconciles them). On a reset chain they
    /// fail now with chain-reset, like every other write of the deployment still open.
    /// </summary>
    private async Task AbandonBatchAsync(Exception e)
    {
        _nextNonce = null;
        if (guard.Last is { Match: ChainMatch.Reset } reset)
        {
            logger.LogError("Lane {Relayer} stopped sending: {Reason}", Address, reset.Reason);
            await finalizer.FailOpenAsync(ChainIdentityException.ChainReset, WriteAbandoned(reset.Reason), CancellationToken.None);
        }
        else logger.LogError(e, "Lane {Relayer} stopped sending a batch; its rows stay in the outbox", Address);
    }

    internal static string WriteAbandoned(string reason) =>
        $"The write was not confirmed before the chain was reset; it is not on the chain the node serves now. {reason}";

    private async Task RecordAsync(List<LaneItem> batch, CancellationToken stop)
    {
        _nextNonce ??= await sender.GetPendingNonceAsync(Address, stop);
        var gasPrice = await fees.GetGasPriceAsync(stop);
        var nonce = _nextNonce.Value;
        foreach (var item in batch) Sign(item.Row!, nonce++, gasPrice);

        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (batch.TrueForAll(item => item.IsNew))
            {
                await OutboxWrites.InsertAsync(db, batch.Select(i => i.Row!)); // the usual case, as plain statements
            }
            else
            {
                foreach (var item in batch)
                {
                    if (item.IsNew) db.ChainTransactions.Add(item.Row!);
                    else db.ChainTransactions.Update(item.Row!);
                }
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        _nextNonce = nonce;
        foreach (var item in batch)
        {
            // Watch for it before it is sent: a fast chain can mine it before the send call returns.
            tracker.Expect(item.Row!);
            item.Recorded.TrySetResult();
        }
    }

    private async Task SendInOrderAsync(List<ChainTransaction> rows, CancellationToken stop)
    {
        var sent = new List<Guid>(rows.Count);
        var i = 0;
        try
        {
            while (i < rows.Count && !stop.IsCancellationRequested)
            {
                var row = rows[i];
                try
                {
                    await sender.SendRawAsync(Signed(row), stop);
                    sent.Add(row.Id);
                    i++;
                }
                catch (Exception e) when (e is TransactionRejectedException or ChainUnavailableException)
                {
                    guard.Invalidate(); // a refusal or a silent node may be a node restarted on another chain
                    // The answer may be lost while the transaction went through (or, on Hardhat, it was mined and reverted).
                    if (await IsKnownAsync(row, stop))
                    {
                        sent.Add(row.Id);
                        i++;
                        continue;
                    }
                    logger.LogWarning("Lane {Relayer}: send of nonce {Nonce} failed ({Error}); resyncing", Address, row.Nonce, e.Message);
                    await ResyncAsync(rows, i, e, stop);
                }
            }
        }
        finally
        {
            await OutboxWrites.MarkSentAsync(scopes, sent, clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Re-reads the account's pending nonce from the node and re-signs rows[from..] from there. A write the
    /// node keeps refusing fails after <see cref="ChainOptions.MaxSendAttempts"/>, and the rest move up.
    /// </summary>
    private async Task ResyncAsync(List<ChainTransaction> rows, int from, Exception error, CancellationToken stop)
    {
        var row = rows[from];
        row.SendAttempts++;
        fees.InvalidateGasPrice();
        if (row.SendAttempts > 1)
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(row.SendAttempts, 5))), clock, stop);

        var pending = await OurPendingNonceAsync(stop);

        if (error is TransactionRejectedException && row.SendAttempts >= options.Value.MaxSendAttempts)
        {
            rows.RemoveAt(from);
            tracker.Forget(row);
            await finalizer.FailUnsentAsync(row, "send-rejected",
                $"The node refused the transaction {row.SendAttempts} times; last answer: {error.Message}");
        }

        var gasPrice = await fees.GetGasPriceAsync(stop);
        var nonce = pending;
        var resigned = rows.Skip(from).ToList();
        foreach (var owed in resigned)
        {
            tracker.Forget(owed);
            Sign(owed, nonce++, gasPrice);
        }
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChainTransactions.UpdateRange(resigned);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        foreach (var owed in resigned) tracker.Expect(owed);
        _nextNonce = nonce;
    }

    /// <summary>
    /// This account's next free nonce, once the node answers and its chain is the deployment's: a restarted
    /// node's nonces are not ours to fill. Throws <see cref="ChainIdentityException"/> only for a reset chain.
    /// </summary>
    private async Task<long> OurPendingNonceAsync(CancellationToken stop)
    {
        var wait = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await guard.EnsureOursAsync(stop);
                return await sender.GetPendingNonceAsync(Address, stop);
            }
            catch (Exception e) when (e is ChainUnavailableException || (e is ChainIdentityException && guard.Last?.Match != ChainMatch.Reset))
            {
                // The node is away or not (yet) the deployment's; what is owed stays owed (and recorded) until it is.
                guard.Invalidate();
                await Task.Delay(wait, clock, stop);
                wait = TimeSpan.FromMilliseconds(Math.Min(1000, wait.TotalMilliseconds * 2));
            }
        }
    }

    private async Task<bool> IsKnownAsync(ChainTransaction row, CancellationToken stop)
    {
        try
        {
            return await chain.IsKnownTransactionAsync(row.TransactionHash!, stop);
        }
        catch (ChainUnavailableException)
        {
            return false;
        }
    }

    private void Sign(ChainTransaction row, long nonce, BigInteger gasPrice)
    {
        var signed = relayer.SignCall(Address, nonce, row.GasLimit, gasPrice, row.CallData);
        row.Relayer = signed.Relayer;
        row.Nonce = nonce;
        row.GasPrice = gasPrice.ToString();
        row.SignedTransaction = signed.RawTransaction;
        row.TransactionHash = signed.Hash;
        row.State = TransactionStates.Queued;
    }

    private static SignedTransaction Signed(ChainTransaction row) =>
        new(row.Relayer!, row.Nonce!.Value, row.SignedTransaction!, row.TransactionHash!);

    /// <summary>A write to record and send (<see cref="Row"/>), or a sent one to see to (<see cref="Stalled"/>).</summary>
    private sealed record LaneItem(ChainTransaction? Row, bool IsNew, StalledTransaction? Stalled = null)
    {
        public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
