using System.Threading.Channels;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// One relayer account's ordered send lane. It owns the account's next nonce locally: writes are signed
/// in nonce order, recorded in the outbox in one commit per batch, then sent in that order. Receipts are
/// the tracker's job, so the lane never waits for a block. A refused send resyncs the nonce from the
/// node's pending count and re-signs what is still owed, so no nonce is ever skipped.
/// </summary>
public sealed class RelayerLane(
    string address,
    IChainGateway chain,
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
        while (await _queue.Reader.WaitToReadAsync(stop))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                await RecordAsync(batch, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Nothing of this batch is in the outbox, nothing was sent: the requests fail cleanly.
                logger.LogWarning(e, "Lane {Relayer} could not record {Count} writes", Address, batch.Count);
                foreach (var item in batch) item.Recorded.TrySetException(e);
                Interlocked.Add(ref _outstanding, -batch.Count);
                _nextNonce = null;
                continue;
            }
            await SendInOrderAsync(batch.Select(i => i.Row).ToList(), stop);
            Interlocked.Add(ref _outstanding, -batch.Count);
        }
    }

    private async Task RecordAsync(List<LaneItem> batch, CancellationToken stop)
    {
        _nextNonce ??= await chain.GetPendingNonceAsync(Address, stop);
        var gasPrice = await fees.GetGasPriceAsync(stop);
        var nonce = _nextNonce.Value;
        foreach (var item in batch) Sign(item.Row, nonce++, gasPrice);

        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (batch.TrueForAll(item => item.IsNew))
            {
                await InsertAsync(db, batch); // the usual case, as plain statements
            }
            else
            {
                foreach (var item in batch)
                {
                    if (item.IsNew) db.ChainTransactions.Add(item.Row);
                    else db.ChainTransactions.Update(item.Row);
                }
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        _nextNonce = nonce;
        foreach (var item in batch)
        {
            // Watch for it before it is sent: a fast chain can mine it before the send call returns.
            tracker.Expect(item.Row);
            item.Recorded.TrySetResult();
        }
    }

    private async Task SendInOrderAsync(List<ChainTransaction> rows, CancellationToken stop)
    {
        var sent = new List<Guid>(rows.Count);
        var i = 0;
        while (i < rows.Count && !stop.IsCancellationRequested)
        {
            var row = rows[i];
            try
            {
                await chain.SendRawAsync(Signed(row), stop);
                sent.Add(row.Id);
                i++;
            }
            catch (Exception e) when (e is TransactionRejectedException or ChainUnavailableException)
            {
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
        await MarkSentAsync(sent);
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

        long pending;
        var wait = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                pending = await chain.GetPendingNonceAsync(Address, stop);
                break;
            }
            catch (ChainUnavailableException)
            {
                // The node is away; what is owed stays owed (and recorded) until it answers again.
                await Task.Delay(wait, clock, stop);
                wait = TimeSpan.FromMilliseconds(Math.Min(1000, wait.TotalMilliseconds * 2));
            }
        }

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

    private async Task MarkSentAsync(List<Guid> ids)
    {
        if (ids.Count == 0) return;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var t = StoreNames.Table<ChainTransaction>(db);
        var statement = new StatementBatch();
        // Only rows still queued: the tracker may already have confirmed a fast one.
        statement.Sql($"UPDATE {t.Name} SET {t.Col(nameof(ChainTransaction.State))} = {statement.Value(TransactionStates.Sent)}, "
            + $"{t.Col(nameof(ChainTransaction.SentAt))} = {statement.Value(clock.GetUtcNow())} "
            + $"WHERE {t.Col(nameof(ChainTransaction.State))} = {statement.Value(TransactionStates.Queued)} "
            + $"AND {t.Col(nameof(ChainTransaction.Id))} IN ({string.Join(", ", ids.Select(id => statement.Value(id)))})");
        await statement.ExecuteAsync(db, CancellationToken.None);
    }

    /// <summary>Every mapped column of an outbox row, as the hand-written INSERT writes it (a unit test holds it to the model).</summary>
    internal static readonly (string Property, Func<ChainTransaction, object?> Value)[] OutboxColumns =
    [
        (nameof(ChainTransaction.Id), r => r.Id), (nameof(ChainTransaction.DeploymentKey), r => r.DeploymentKey),
        (nameof(ChainTransaction.Kind), r => r.Kind), (nameof(ChainTransaction.State), r => r.State),
        (nameof(ChainTransaction.RequestJson), r => r.RequestJson), (nameof(ChainTransaction.CallData), r => r.CallData),
        (nameof(ChainTransaction.ContentHash), r => r.ContentHash), (nameof(ChainTransaction.TokenId), r => r.TokenId),
        (nameof(ChainTransaction.GasLimit), r => r.GasLimit), (nameof(ChainTransaction.Relayer), r => r.Relayer),
        (nameof(ChainTransaction.Nonce), r => r.Nonce), (nameof(ChainTransaction.GasPrice), r => r.GasPrice),
        (nameof(ChainTransaction.SignedTransaction), r => r.SignedTransaction), (nameof(ChainTransaction.TransactionHash), r => r.TransactionHash),
        (nameof(ChainTransaction.SendAttempts), r => r.SendAttempts), (nameof(ChainTransaction.BlockNumber), r => r.BlockNumber),
        (nameof(ChainTransaction.BlockHash), r => r.BlockHash), (nameof(ChainTransaction.FailureCode), r => r.FailureCode),
        (nameof(ChainTransaction.FailureReason), r => r.FailureReason), (nameof(ChainTransaction.CreatedAt), r => r.CreatedAt),
        (nameof(ChainTransaction.SentAt), r => r.SentAt), (nameof(ChainTransaction.CompletedAt), r => r.CompletedAt),
    ];

    /// <summary>
    /// New outbox rows, recorded in one transaction as plain INSERTs: EF Core's change tracker cost more CPU
    /// than the statements, once per lane batch.
    /// </summary>
    private static async Task InsertAsync(AppDbContext db, List<LaneItem> batch)
    {
        var t = StoreNames.Table<ChainTransaction>(db);
        var statements = new StatementBatch();
        foreach (var item in batch)
            statements.Insert(t, OutboxColumns, item.Row);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await statements.ExecuteAsync(db, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private void Sign(ChainTransaction row, long nonce, System.Numerics.BigInteger gasPrice)
    {
        var signed = chain.SignCall(Address, nonce, row.GasLimit, gasPrice, row.CallData);
        row.Relayer = signed.Relayer;
        row.Nonce = nonce;
        row.GasPrice = gasPrice.ToString();
        row.SignedTransaction = signed.RawTransaction;
        row.TransactionHash = signed.Hash;
        row.State = TransactionStates.Queued;
    }

    private static SignedTransaction Signed(ChainTransaction row) =>
        new(row.Relayer!, row.Nonce!.Value, row.SignedTransaction!, row.TransactionHash!);

    private sealed record LaneItem(ChainTransaction Row, bool IsNew)
    {
        public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
