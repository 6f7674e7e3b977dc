using System.Collections.Concurrent;
using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// Confirms every lane's transactions together: while any is pending it polls the head and reads the
/// contract's logs for the new blocks (one call however many transactions landed), so receipts cost no
/// per-transaction round trip. A transaction the logs do not show (reverted, or mined before tracking
/// began) is looked up by receipt after <see cref="ReceiptFallbackAfter"/>.
/// </summary>
public sealed class ConfirmationTracker(
    IChainGateway chain,
    TransactionFinalizer finalizer,
    IOptions<ChainOptions> options,
    TimeProvider clock,
    ILogger<ConfirmationTracker> logger)
{
    private const int MaxBlocksPerScan = 2000;
    private const int HeadersWithLogsUpTo = 64;
    private static readonly TimeSpan ReceiptFallbackAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _signal = new(0);
    private long? _scannedThrough;

    public int PendingCount => _pending.Count;

    /// <summary>Start watching for a signed transaction (before it is sent).</summary>
    public void Expect(ChainTransaction row)
    {
        _pending[row.TransactionHash!] = new Pending(row.Id, row.TransactionHash!, clock.GetUtcNow());
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>Stop watching (the row is being re-signed under a new hash, or failed unsent).</summary>
    public void Forget(ChainTransaction row)
    {
        if (row.TransactionHash is not null) _pending.TryRemove(row.TransactionHash, out _);
    }

    /// <summary>Logs before this block are not scanned (set at start-up from the head).</summary>
    public void StartAfter(long block) => _scannedThrough ??= block;

    public async Task RunAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(1, options.Value.PollIntervalMilliseconds));
        while (!stop.IsCancellationRequested)
        {
            if (_pending.IsEmpty) await _signal.WaitAsync(stop);
            try
            {
                await PollOnceAsync(stop);
                await Task.Delay(interval, clock, stop);
            }
            catch (ChainUnavailableException e)
            {
                logger.LogWarning("Confirmation tracker: chain unavailable ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogError(e, "Confirmation tracker poll failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stop);
            }
        }
    }

    private async Task PollOnceAsync(CancellationToken stop)
    {
        var head = await chain.GetBlockNumberAsync(stop);
        var settled = head - options.Value.ConfirmationDepth;
        var mined = new List<(Guid, MinedTransaction)>();
        var matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        _scannedThrough ??= Math.Max(0, settled - 1);
        while (_scannedThrough < settled)
        {
            var from = _scannedThrough.Value + 1;
            var to = Math.Min(settled, from + MaxBlocksPerScan - 1);
            // A short range (the usual poll) brings its block headers in the same round trip: a mint's
            // registration time then needs no lookup of its own.
            IEnumerable<MinedTransaction> landed;
            if (to - from < HeadersWithLogsUpTo)
            {
                var (logs, headers) = await chain.GetContractLogsWithHeadersAsync(from, to, stop);
                landed = MinedTransaction.FromLogs(logs, headers.ToDictionary(h => h.Number));
            }
            else landed = MinedTransaction.FromLogs(await chain.GetContractLogsAsync(from, to, stop));
            foreach (var tx in landed)
            {
                if (_pending.TryGetValue(tx.TransactionHash, out var pending) && matched.Add(tx.TransactionHash))
                    mined.Add((pending.Id, tx));
            }
            _scannedThrough = to;
        }

        var now = clock.GetUtcNow();
        foreach (var pending in _pending.Values)
        {
            if (matched.Contains(pending.Hash) || now - pending.LastChecked < ReceiptFallbackAfter) continue;
            pending.LastChecked = now;
            var tx = await chain.GetMinedTransactionAsync(pending.Hash, stop);
            if (tx is not null && tx.BlockNumber <= settled && matched.Add(pending.Hash)) mined.Add((pending.Id, tx));
        }

        if (mined.Count == 0) return;
        await finalizer.ConfirmOrFailAsync(mined, stop);
        foreach (var (_, tx) in mined) _pending.TryRemove(tx.TransactionHash, out _);
    }

    private sealed class Pending(Guid id, string hash, DateTimeOffset since)
    {
        public Guid Id { get; } = id;
        public string Hash { get; } = hash;
        public DateTimeOffset LastChecked { get; set; } = since;
    }
}
