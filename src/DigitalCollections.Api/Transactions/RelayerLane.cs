using System.Numerics;
using System.Threading.Channels;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// One relayer account's ordered send lane. It owns the account's next nonce locally: what queued while it
/// was busy is taken together, joined into transactions (writes of one kind up to
/// <see cref="ChainOptions.MaxBatchSize"/> as one batch call; a lone write as its single call), signed in nonce
/// order, recorded in the outbox in one commit (one row per write), then sent in that order. Receipts are
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
    /// <summary>Most writes taken from the queue and recorded in one commit.</summary>
    private readonly int _maxTaken = Math.Max(64, 2 * Math.Max(1, options.Value.MaxBatchSize));

    private readonly Channel<LaneItem> _queue = Channel.CreateUnbounded<LaneItem>(new() { SingleReader = true });
    private long? _nextNonce;
    private int _outstanding;

    public string Address { get; } = address;

    /// <summary>Writes handed to this lane and not yet sent: the pool gives new work to the least busy lane, or with batching on to the busiest with room for a batch.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>
    /// Queues a new write, with the upload's bytes to keep in the same commit if any; the task completes once it is
    /// recorded in the outbox (or fails, then nothing was recorded, neither row nor bytes).
    /// </summary>
    public Task EnqueueAsync(ChainTransaction row, Storage.StoredContent? content = null)
    {
        var item = new LaneItem(row, IsNew: true, Content: content);
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
        var batch = new List<LaneItem>(_maxTaken);
        var stalled = new List<StalledTransaction>();
        while (await _queue.Reader.WaitToReadAsync(stop))
        {
            batch.Clear();
            stalled.Clear();
            while (batch.Count < _maxTaken && _queue.Reader.TryRead(out var item))
            {
                if (item.Stalled is { } s) stalled.Add(s);
                else batch.Add(item);
            }
            foreach (var s in stalled) await RecoverAsync(s, stop);
            if (batch.Count == 0) continue;
            List<OutgoingTransaction> outgoing;
            try
            {
                await guard.EnsureOursAsync(stop); // nothing is signed for a chain that is not the deployment's
                outgoing = await RecordAsync(batch, stop);
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
                await SendInOrderAsync(outgoing, stop);
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

    /// <summary>A write to record and send (<see cref="Row"/>), or a sent one to see to (<see cref="Stalled"/>).</summary>
    private sealed record LaneItem(ChainTransaction? Row, bool IsNew, StalledTransaction? Stalled = null, Storage.StoredContent? Content = null)
    {
        public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
