using System.Collections.Concurrent;
using System.Threading.Channels;
using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// Confirms every lane's transactions together: while any is pending it polls the head and reads the
/// contract's logs for the new blocks (one call however many transactions landed), so receipts cost no
/// per-transaction round trip. A transaction the logs do not show (reverted, or mined before tracking
/// began) is looked up by receipt after <see cref="ReceiptFallbackAfter"/>. One still unmined that the node
/// no longer knows (dropped from its pool) after <see cref="DroppedAfter"/>, or that has waited
/// <see cref="ChainOptions.ReplaceAfterSeconds"/>, is handed to its lane (<see cref="Stalled"/>) to be sent again
/// or replaced.
/// </summary>
public sealed class ConfirmationTracker
{
    private const int MaxBlocksPerScan = 2000;
    private const int HeadersWithLogsUpTo = 64;
    private static readonly TimeSpan ReceiptFallbackAfter = TimeSpan.FromSeconds(1);
    /// <summary>Unmined and unknown to the node this long after it was signed: dropped, not merely on its way.</summary>
    internal static readonly TimeSpan DroppedAfter = TimeSpan.FromSeconds(3);
    /// <summary>While the index hands over what it committed this recently, the tracker does not read the chain itself.</summary>
    private static readonly TimeSpan IndexFeedFresh = TimeSpan.FromMilliseconds(250);
    /// <summary>With this many transactions waiting, confirmations are gathered for <see cref="GatherWindow"/>.</summary>
    private const int GatherFromPending = 16;
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(5);

    private readonly IChainReader _chain;
    private readonly TransactionFinalizer _finalizer;
    private readonly Indexing.IndexStatus _index;
    private readonly IOptions<ChainOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger<ConfirmationTracker> _logger;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Every hash of a replaced transaction (same nonce, higher fee): whichever is mined confirms it.</summary>
    private readonly ConcurrentDictionary<Guid, string[]> _replaced = new();
    private readonly Channel<StalledTransaction> _stalled =
        Channel.CreateUnbounded<StalledTransaction>(new() { SingleReader = true });
    private readonly SemaphoreSlim _signal = new(0);
    /// <summary>The ranges the index committed (depth 0 only; never written otherwise).</summary>
    private readonly ChannelReader<Indexing.IndexedRange> _indexed;
    private long? _scannedThrough;
    private DateTimeOffset _lastFed = DateTimeOffset.MinValue;

    public ConfirmationTracker(IChainReader chain, TransactionFinalizer finalizer, Indexing.IndexStatus index,
        IOptions<ChainOptions> options, ResiliencePipelineProvider<string> resilience, TimeProvider clock, ILogger<ConfirmationTracker> logger)
    {
        _retry = resilience.GetPipeline(ChainResilience.Step);
        _chain = chain;
        _finalizer = finalizer;
        _index = index;
        _options = options;
        _clock = clock;
        _logger = logger;
        // With confirmation depth 0 a block the index committed is settled: its logs confirm our transactions
        // without the tracker reading them again. Deeper confirmations keep the tracker's own scan.
        _indexed = _options.Value.ConfirmationDepth == 0
            ? index.SubscribeIndexed()
            : Channel.CreateUnbounded<Indexing.IndexedRange>().Reader;
    }

    public int PendingCount => _pending.Count;

    /// <summary>Transactions the node dropped or that waited too long, for their lane to send again or replace.</summary>
    public ChannelReader<StalledTransaction> Stalled => _stalled.Reader;

    /// <summary>
    /// Start watching for a signed transaction (before it is sent). <paramref name="replacing"/>: the hash it
    /// replaces at the same nonce, watched too until one of them is mined.
    /// </summary>
    public void Expect(ChainTransaction row, string? replacing = null) => Expect([row], replacing);

    /// <summary>Start watching for a transaction that carries several rows (a batch, first row first): one hash, every row's id.</summary>
    public void Expect(IReadOnlyList<ChainTransaction> rows, string? replacing = null)
    {
        var now = _clock.GetUtcNow();
        var row = rows[0];
        var ids = rows.Count == 1 ? [row.Id] : rows.Select(r => r.Id).ToArray();
        _pending[row.TransactionHash!] = new Pending(ids, row.TransactionHash!, row.Relayer, now);
        if (replacing is not null)
        {
            _pending[replacing] = new Pending(ids, replacing, row.Relayer, now);
            _replaced.AddOrUpdate(row.Id, [row.TransactionHash!, replacing], (_, known) => [row.TransactionHash!, .. known]);
        }
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>Stop watching (the row is being re-signed under a new hash, or failed unsent).</summary>
    public void Forget(ChainTransaction row)
    {
        if (row.TransactionHash is not null) _pending.TryRemove(row.TransactionHash, out _);
    }

    /// <summary>Stop watching everything (the chain was reset: nothing pending can be mined on it any more).</summary>
    public void ForgetAll()
    {
        _pending.Clear();
        _replaced.Clear();
    }

    /// <summary>The row is final: no hash of it is watched any more.</summary>
    private void Ended(Guid id, string hash)
    {
        // Once per transaction (a batch's rows share its hash): from its signing to now.
        if (_pending.TryRemove(hash, out var ended)) Observability.Telemetry.Confirmed(_clock.GetUtcNow() - ended.Since);
        if (_replaced.TryRemove(id, out var hashes))
            foreach (var other in hashes) _pending.TryRemove(other, out _);
    }

    /// <summary>Logs before this block are not scanned (set at start-up from the head).</summary>
    public void StartAfter(long block) => _scannedThrough ??= block;

    public async Task RunAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(1, _options.Value.PollIntervalMilliseconds));
        while (!stop.IsCancellationRequested)
            await _retry.RetryAsync(ct => new ValueTask(LookOnceAsync(interval, ct)), e =>
            {
                if (e is ChainUnavailableException) _logger.LogWarning("Confirmation tracker: chain unavailable ({Message}); retrying", e.Message);
                else _logger.LogError(e, "Confirmation tracker poll failed; retrying");
            }, stop);
    }

    /// <summary>Waits for something to confirm, confirms what the index and the chain show, then waits for the next look.</summary>
    private async Task LookOnceAsync(TimeSpan interval, CancellationToken stop)
    {
        if (_pending.IsEmpty)
        {
            while (_indexed.TryRead(out var range)) Scanned(range); // nothing to confirm in ranges indexed while idle
            await _signal.WaitAsync(stop);
        }
        await ConfirmFromIndexAsync(stop);
        await PollOnceAsync(stop);
        // The next look comes after the poll interval, or as soon as the index commits a range.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        wait.CancelAfter(interval);
        try
        {
            // Under load (Hardhat mines a block per transaction) gather a few blocks' commits, so one
            // database commit confirms several transactions rather than one each.
            if (await _indexed.WaitToReadAsync(wait.Token) && _pending.Count >= GatherFromPending)
                await Task.Delay(GatherWindow, _clock, stop);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested) { }
    }

    /// <summary>Confirms the pending transactions found in the ranges the index committed since the last look.</summary>
    private async Task ConfirmFromIndexAsync(CancellationToken stop)
    {
        var mined = new List<(Guid, MinedTransaction)>();
        while (_indexed.TryRead(out var range))
        {
            _lastFed = _clock.GetUtcNow();
            foreach (var tx in MinedTransaction.FromLogs(range.Logs, range.Headers))
                if (_pending.TryGetValue(tx.TransactionHash, out var pending)) mined.AddRange(pending.Ids.Select(id => (id, tx)));
            Scanned(range);
        }
        if (mined.Count == 0) return;
        await _finalizer.ConfirmOrFailAsync(mined, stop);
        foreach (var (id, tx) in mined) Ended(id, tx.TransactionHash);
    }

    /// <summary>A range contiguous with what was scanned need not be read by the tracker itself.</summary>
    private void Scanned(Indexing.IndexedRange range)
    {
        if (_scannedThrough is { } scanned && scanned >= range.From - 1 && range.To > scanned) _scannedThrough = range.To;
    }

    private async Task PollOnceAsync(CancellationToken stop)
    {
        if (_pending.IsEmpty) return; // the index's commits just confirmed everything: no head to read
        // While the index follows the node's pushes it hands over every block it commits, usually within a
        // block of the head: reading the same logs here as well cost the API and the node a call per block.
        var fed = FedByIndex();
        var head = fed ? _index.HeadBlock : await _chain.GetBlockNumberAsync(stop);
        var settled = head - _options.Value.ConfirmationDepth;
        var mined = new List<(Guid, MinedTransaction)>();
        var matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        _scannedThrough ??= Math.Max(0, settled - 1);
        while (!fed && _scannedThrough < settled)
        {
            var from = _scannedThrough.Value + 1;
            var to = Math.Min(settled, from + MaxBlocksPerScan - 1);
            // A short range (the usual poll) brings its block headers in the same round trip: a mint's
            // registration time then needs no lookup of its own.
            IEnumerable<MinedTransaction> landed;
            if (to - from < HeadersWithLogsUpTo)
            {
                var (logs, headers) = await _chain.GetContractLogsWithHeadersAsync(from, to, stop);
                landed = MinedTransaction.FromLogs(logs, headers.ToDictionary(h => h.Number));
            }
            else landed = MinedTransaction.FromLogs(await _chain.GetContractLogsAsync(from, to, stop));
            foreach (var tx in landed)
            {
                if (_pending.TryGetValue(tx.TransactionHash, out var pending) && matched.Add(tx.TransactionHash))
                    mined.AddRange(pending.Ids.Select(id => (id, tx)));
            }
            _scannedThrough = to;
        }

        var now = _clock.GetUtcNow();
        var replaceAfter = TimeSpan.FromSeconds(Math.Max(1, _options.Value.ReplaceAfterSeconds));
        foreach (var pending in _pending.Values)
        {
            if (matched.Contains(pending.Hash) || now - pending.LastChecked < ReceiptFallbackAfter) continue;
            pending.LastChecked = now;
            var tx = await _chain.GetMinedTransactionAsync(pending.Hash, stop);
            if (tx is not null)
            {
                // A batch reverted as a whole failed no item of it: its lane sends the items again, split.
                if (!tx.Succeeded && pending.Ids.Length > 1)
                {
                    if (_pending.TryRemove(new KeyValuePair<string, Pending>(pending.Hash, pending)))
                        _stalled.Writer.TryWrite(new StalledTransaction(pending.Ids[0], pending.Hash, pending.Relayer, StallKind.Reverted));
                }
                else if (tx.BlockNumber <= settled && matched.Add(pending.Hash)) mined.AddRange(pending.Ids.Select(id => (id, tx)));
                continue;
            }
            var waited = now - pending.Since;
            var stall = waited < DroppedAfter ? (StallKind?)null
                : !await _chain.IsKnownTransactionAsync(pending.Hash, stop) ? StallKind.Dropped
                : waited >= replaceAfter ? StallKind.Underpriced
                : null;
            // Handed over, no longer watched here: its lane sends it again (and watches it again) or drops it.
            if (stall is { } kind && _pending.TryRemove(new KeyValuePair<string, Pending>(pending.Hash, pending)))
                _stalled.Writer.TryWrite(new StalledTransaction(pending.Ids[0], pending.Hash, pending.Relayer, kind));
        }

        if (mined.Count == 0) return;
        await _finalizer.ConfirmOrFailAsync(mined, stop);
        foreach (var (id, tx) in mined) Ended(id, tx.TransactionHash);
    }

    /// <summary>
    /// The index hands over ranges (depth 0), follows pushes and looked at the head moments ago, or handed
    /// over a range moments ago and has covered the head it knows: the tracker need not read logs itself.
    /// </summary>
    private bool FedByIndex()
    {
        if (_options.Value.ConfirmationDepth != 0) return false;
        if (_index.State == Indexing.IndexState.Following && _index.FollowsPushes && _index.SinceLastLook < IndexFeedFresh) return true;
        return _clock.GetUtcNow() - _lastFed < IndexFeedFresh && _scannedThrough >= _index.HeadBlock;
    }

    /// <summary>A watched hash and the rows it carries (more than one for a batch, its first row first).</summary>
    private sealed class Pending(Guid[] ids, string hash, string? relayer, DateTimeOffset since)
    {
        public Guid[] Ids { get; } = ids;
        public string Hash { get; } = hash;
        public string? Relayer { get; } = relayer;
        /// <summary>When this hash was signed and handed to the tracker.</summary>
        public DateTimeOffset Since { get; } = since;
        public DateTimeOffset LastChecked { get; set; } = since;
    }
}
