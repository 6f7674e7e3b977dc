using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Reads the polling path's ranges: sized by the log density just seen, the next one read while the current
/// one commits (the node and the database work side by side), and checked to hang off the checkpoint.
/// </summary>
internal sealed class RangeReader(IChainReader chain, int maxBlocksPerRange, ILogger logger)
{
    /// <summary>A step commits at most about this many logs: the block range follows the log density.</summary>
    internal const int MaxLogsPerStep = 10_000;
    /// <summary>Up to this many blocks, a range's logs and headers are read in one round trip.</summary>
    private const long ShortRange = 32;
    /// <summary>The first range is short, so a dense chain does not start with one huge read; sparse ranges double.</summary>
    private const long FirstRange = 100;

    private readonly long _maxRange = Math.Max(1, maxBlocksPerRange);
    private long _range = Math.Clamp(FirstRange, 1, Math.Max(1, maxBlocksPerRange));
    /// <summary>The next range's logs, read while the current range commits.</summary>
    private (long From, long To, Task<IReadOnlyList<ContractLog>> Logs)? _prefetch;

    /// <summary>
    /// The blocks after <paramref name="checkpoint"/> up to at most <paramref name="head"/>, or null when the chain
    /// moved while they were read (the range does not hang off <paramref name="checkpointHash"/>, or disagrees with its own logs).
    /// </summary>
    public async Task<IndexedRange?> ReadAsync(long checkpoint, string checkpointHash, long head, CancellationToken stop)
    {
        var from = checkpoint + 1;
        var (to, logs, rangeHeaders) = await ReadLogsAsync(from, head, stop);
        if (logs.Count > MaxLogsPerStep && to > from)
        {
            // Too dense for one commit: keep the whole blocks that fit (at least the first), read the rest next step.
            var keep = 0;
            while (keep < logs.Count && logs[keep].BlockNumber == logs[0].BlockNumber) keep++;
            while (keep < logs.Count)
            {
                var end = keep;
                while (end < logs.Count && logs[end].BlockNumber == logs[keep].BlockNumber) end++;
                if (end > MaxLogsPerStep) break;
                keep = end;
            }
            if (keep < logs.Count)
            {
                to = logs[keep].BlockNumber - 1;
                logs = logs.Take(keep).ToList();
            }
        }
        // The next range aims at MaxLogsPerStep by the density just seen, at most doubling.
        var estimate = logs.Count == 0 ? long.MaxValue : Math.Max(1, (to - from + 1) * MaxLogsPerStep / logs.Count);
        _range = Math.Clamp(Math.Min(estimate, 2 * _range), 1, _maxRange);
        var wanted = logs.Select(l => l.BlockNumber).Append(from).Append(to).ToHashSet();
        var headers = rangeHeaders is not null && wanted.All(rangeHeaders.ContainsKey)
            ? rangeHeaders
            : (await chain.GetBlockHeadersAsync(wanted, stop)).ToDictionary(h => h.Number);

        // The range must hang off our checkpoint and agree with its own logs; otherwise the chain moved under us.
        if (!headers.TryGetValue(from, out var first) || !headers.ContainsKey(to)
            || (checkpoint >= 0 && !ChainResetCheck.SameHash(first.ParentHash, checkpointHash))
            || logs.Any(l => !headers.TryGetValue(l.BlockNumber, out var h) || !ChainResetCheck.SameHash(h.Hash, l.BlockHash)))
        {
            logger.LogInformation("Blocks {From}–{To} changed while being read; reading again", from, to);
            return null;
        }

        if (to < head) Prefetch(to + 1, head, stop);
        return new IndexedRange(from, to, logs, headers);
    }

    /// <summary>
    /// Logs from <paramref name="from"/> on: the prefetched range when it starts there, else a range read now.
    /// A short range (a follower's step) comes with all its block headers from the same round trip.
    /// </summary>
    private async Task<(long To, IReadOnlyList<ContractLog> Logs, Dictionary<long, BlockHeader>? Headers)> ReadLogsAsync(
        long from, long head, CancellationToken stop)
    {
        if (_prefetch is { } ahead)
        {
            _prefetch = null;
            if (ahead.From == from && ahead.To <= head)
            {
                try
                {
                    return (ahead.To, await ahead.Logs, null);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    logger.LogDebug(e, "Reading blocks {From}–{To} ahead failed; reading them again", ahead.From, ahead.To);
                }
            }
            else
            {
                _ = ahead.Logs.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observe a failure nobody waits for
            }
        }
        var to = Math.Min(head, from + _range - 1);
        if (to - from < ShortRange)
        {
            var (logs, headers) = await chain.GetContractLogsWithHeadersAsync(from, to, stop);
            return (to, logs, headers.ToDictionary(h => h.Number));
        }
        return (to, await chain.GetContractLogsAsync(from, to, stop), null);
    }

    /// <summary>
    /// Starts reading the next range while this one commits. Its logs are checked like any other range's
    /// (they must hang off the checkpoint and match their blocks' hashes), so a reorg in between is still seen.
    /// </summary>
    private void Prefetch(long from, long head, CancellationToken stop)
    {
        var to = Math.Min(head, from + _range - 1);
        _prefetch = (from, to, chain.GetContractLogsAsync(from, to, stop));
    }
}
