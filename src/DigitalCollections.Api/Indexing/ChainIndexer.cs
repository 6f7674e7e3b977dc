using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Follows the contract's Transfer and WorkRegistered events from the deploy block into the database, in
/// bounded ranges, committing the rows and the checkpoint (block number and hash) together, so a restart
/// resumes exactly where it stopped and a replayed range adds nothing. Before each step it checks that the
/// checkpoint's block is still on the chain: after a reorg it removes what lies past the common ancestor
/// and reads again. A different genesis (a restarted Hardhat node) stops it with the reason.
/// Several API instances may share one database: only the holder of the "indexer" lease writes; the others
/// follow its checkpoint, so every instance reports the same position and lag.
/// </summary>
public sealed class ChainIndexer(
    IChainReader chain,
    IBlockSource blocks,
    Deployment deployment,
    ChainIdentityGuard guard,
    IndexStatus status,
    IDistributedLease leases,
    IServiceScopeFactory scopes,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<ChainIndexer> logger) : BackgroundService
{
    /// <summary>Indexed block hashes kept for finding a reorg's common ancestor; deeper reorgs re-index from the start.</summary>
    private const int ReorgHistoryBlocks = 1024;

    private readonly SemaphoreSlim _wake = new(0);
    /// <summary>A step commits at most about this many logs: the block range follows the log density.</summary>
    private const int MaxLogsPerStep = 10_000;
    /// <summary>The first pause after new blocks; it doubles up to the poll interval while the chain is quiet.</summary>
    private static readonly TimeSpan FollowPause = TimeSpan.FromMilliseconds(5);
    /// <summary>Up to this many blocks, a range's logs and headers are read in one round trip.</summary>
    private const long ShortRange = 32;
    /// <summary>The first range is short, so a dense chain does not start with one huge read; sparse ranges double.</summary>
    private const long FirstRange = 100;
    private long _range = Math.Clamp(FirstRange, 1, Math.Max(1, options.Value.MaxBlocksPerRange));
    private long _checkpoint = -1;
    private string _checkpointHash = "";
    /// <summary>The next range's logs, read while the current range commits (the node and the database work side by side).</summary>
    private (long From, long To, Task<IReadOnlyList<ContractLog>> Logs)? _prefetch;
    /// <summary>The last step committed new blocks.</summary>
    private bool _advanced;

    /// <summary>Blocks a step takes from the pushes at most.</summary>
    private const int MaxPushedBlocksPerStep = 2000;
    /// <summary>A pushed block still incomplete after this long (its logs or the next block did not come) is polled for.</summary>
    private static readonly TimeSpan PushPatience = TimeSpan.FromMilliseconds(50);
    private readonly PushedBlocks _pushed = new();
    /// <summary>The push connection (epoch) during which the polling path last checked genesis and checkpoint.</summary>
    private int _checkedEpoch = -1;
    private DateTime _lastPoll = DateTime.MinValue;
    /// <summary>While following pushes: the periodic check of genesis and checkpoint, running beside the commits.</summary>
    private Task<bool>? _pushCheck;

    private string Key => deployment.Key;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        status.WriteConfirmed += Wake;
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollIntervalMilliseconds));
        // After new blocks the next look comes soon and the pause doubles while nothing new arrives, up to the
        // poll interval: a moving chain is followed within milliseconds, a quiet one costs one look a poll.
        var pause = poll;
        var loaded = false;
        ILeaseHandle? lease = null;
        var feed = FeedAsync(stop);
        try
        {
        while (!stop.IsCancellationRequested)
        {
            var more = false;
            try
            {
                if (lease is not null && lease.Lost.IsCancellationRequested)
                {
                    logger.LogWarning("Indexer lease lost; following until it can lead again");
                    await lease.DisposeAsync();
                    lease = null;
                }
                if (lease is null)
                {
                    lease = await leases.TryAcquireAsync($"indexer:{Key}", stop);
                    loaded = false; // a new leader starts from the committed checkpoint
                }
                if (lease is null)
                {
                    await FollowAsync(stop);
                    await WaitForWorkAsync(poll, stop);
                    continue;
                }
                if (!loaded) loaded = await LoadCheckpointAsync(stop);
                // A step that found new blocks looks again at once: while the chain moves the index keeps up
                // within a step's time.
                if (loaded) more = await StepAsync(stop) || _advanced;
            }
            catch (ChainUnavailableException e)
            {
                status.SetState(IndexState.ChainUnavailable, e.Message);
                await Delay(TimeSpan.FromSeconds(1), stop);
                continue;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogError(e, "Indexer step failed; retrying");
                await Delay(TimeSpan.FromSeconds(1), stop);
                continue;
            }
            if (more)
            {
                pause = FollowPause < poll ? FollowPause : poll;
                continue;
            }
            await WaitForWorkAsync(pause, stop);
            pause = pause * 2 < poll ? pause * 2 : poll;
        }
        }
        finally
        {
            if (lease is not null) await lease.DisposeAsync();
            await feed;
        }
    }

    /// <summary>
    /// Keeps a WebSocket subscription to the node's new blocks and the contract's logs, so the index follows
    /// the chain as it is pushed instead of asking for it. Reconnects after a drop; a node without
    /// subscriptions (or Chain:WebSocketUrl=off) leaves the index polling.
    /// </summary>
    private async Task FeedAsync(CancellationToken stop)
    {
        var retry = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var push in blocks.SubscribeBlocksAsync(stop))
                {
                    if (push is PushesStarted)
                    {
                        _pushed.Started();
                        retry = TimeSpan.FromSeconds(1);
                        logger.LogInformation("Indexer subscribed to the node's new blocks and the contract's logs (WebSocket)");
                    }
                    else
                    {
                        _pushed.Add(push);
                        if (push is PushedHeader pushed) status.NoteHead(pushed.Header);
                        // A block can be committed once its header is in (its logs come first); a log alone
                        // wakes nobody, unless it was taken back.
                        else if (push is not PushedLog { Removed: true }) continue;
                    }
                    Wake();
                }
            }
            catch (NotSupportedException e)
            {
                _pushed.Stopped();
                logger.LogInformation("Indexer polls the chain: {Reason}", e.Message);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                guard.Invalidate(); // a dropped connection may be a node restarting: the lanes look again before sending
                if (_pushed.Connected) logger.LogWarning("Indexer's WebSocket subscription dropped ({Message}); polling until it is back", e.Message);
                else logger.LogDebug("Indexer's WebSocket subscription failed: {Message}", e.Message);
            }
            _pushed.Stopped();
            await Delay(retry, stop);
            retry = TimeSpan.FromSeconds(Math.Min(10, retry.TotalSeconds * 2));
        }
        _pushed.Stopped();
    }

    /// <summary>
    /// A step from the pushes: commits the pushed blocks that chain from the checkpoint. Null when the pushes
    /// cannot be used (not connected, not checked since connecting, disrupted) or the polling path is due:
    /// every poll interval, and when a pushed block has waited too long.
    /// </summary>
    private async Task<bool?> StepFromPushesAsync(CancellationToken stop)
    {
        var usable = _pushed.Connected && !_pushed.Disrupted && _pushed.Epoch == _checkedEpoch;
        status.FollowsPushes = usable;
        if (!usable) return null;

        // The chain is still checked every poll interval (same genesis; the checkpoint still on the chain), in
        // the background so that commits go on meanwhile. A failed check hands over to the polling path.
        var pollDue = DateTime.UtcNow - _lastPoll >= TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollIntervalMilliseconds));
        if (_pushCheck is { IsCompleted: true } check)
        {
            _pushCheck = null;
            if (!await check)
            {
                _pushed.Disrupt();
                status.FollowsPushes = false;
                return null;
            }
        }
        if (pollDue && _pushCheck is null)
        {
            _lastPoll = DateTime.UtcNow;
            _pushCheck = CheckChainAsync(_checkpoint, _checkpointHash, stop);
        }

        var (headers, logs) = _pushed.Take(_checkpoint, _checkpointHash, MaxPushedBlocksPerStep);
        if (headers.Count > 0)
        {
            var last = headers[^1];
            await AdvanceAsync(new IndexedRange(headers[0].Number, last.Number, logs, headers.ToDictionary(h => h.Number)),
                last.Hash, Math.Max(_pushed.Latest, last.Number), stop);
            return headers.Count == MaxPushedBlocksPerStep;
        }
        // Nothing complete. Blocks the pushes do not hold (mined before the subscription, or lost) are read by
        // polling, and so is a pushed block that waited too long for its logs.
        if (status.HeadBlock > _checkpoint && !_pushed.Has(_checkpoint + 1)) return null;
        return _pushed.Waiting(_checkpoint) > PushPatience ? null : false;
    }

    /// <summary>Genesis unchanged and the block at <paramref name="checkpoint"/> still <paramref name="hash"/>.</summary>
    private async Task<bool> CheckChainAsync(long checkpoint, string hash, CancellationToken stop)
    {
        try
        {
            var (headers, head) = await chain.GetBlockHeadersAndHeadAsync(checkpoint > 0 ? [0, checkpoint] : [0], stop);
            var known = headers.ToDictionary(h => h.Number);
            if (!IsOurGenesis(known.GetValueOrDefault(0))) return false;
            if (checkpoint >= 0 && (!known.TryGetValue(checkpoint, out var at) || !SameHash(at.Hash, hash))) return false;
            status.NoteHead(head);
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            logger.LogDebug(e, "Indexer's chain check failed");
            return false;
        }
    }

    /// <summary>Another instance leads: mirror its committed checkpoint (and still notice a reset chain).</summary>
    private async Task FollowAsync(CancellationToken stop)
    {
        var genesis = (await chain.GetBlockHeadersAsync([0], stop)).FirstOrDefault();
        if (ChainWasReset(genesis)) return;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.IndexCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.DeploymentKey == Key, stop);
        if (stored is null) return;
        (_checkpoint, _checkpointHash) = (stored.BlockNumber, stored.BlockHash);
        status.Update(_checkpoint, _checkpointHash, await chain.GetBlockNumberAsync(stop));
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    private async Task WaitForWorkAsync(TimeSpan poll, CancellationToken stop)
    {
        try
        {
            await _wake.WaitAsync(poll, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    private async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try { await Task.Delay(delay, clock, stop); }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    private async Task<bool> LoadCheckpointAsync(CancellationToken stop)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.IndexCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.DeploymentKey == Key, stop);
        if (stored is not null)
        {
            (_checkpoint, _checkpointHash) = (stored.BlockNumber, stored.BlockHash);
        }
        else
        {
            // Start just before the deploy block: nothing of ours can be older.
            _checkpoint = deployment.DeployBlock - 1;
            _checkpointHash = _checkpoint < 0 ? "" : (await HeaderAsync(_checkpoint, stop))?.Hash ?? "";
        }
        logger.LogInformation("Indexer starts after block {Block}", _checkpoint);
        return true;
    }

    /// <summary>One bounded step. True when there is more to read right away; sets <see cref="_advanced"/> when it committed blocks.</summary>
    private async Task<bool> StepAsync(CancellationToken stop)
    {
        _advanced = false;
        // A chain found foreign stays so until someone looks again: the index looks (at most once a second). A
        // reset the index saw first is confirmed by the guard too, which then fails the open writes.
        if (guard.Last is { Match: ChainMatch.WrongChain or ChainMatch.ContractMissing }
            || (status.State == IndexState.ChainReset && guard.Last?.Match != ChainMatch.Reset))
            await guard.CheckAsync(stop);
        if (Foreign()) return false;
        if (await StepFromPushesAsync(stop) is { } pushedStep) return pushedStep;

        // The polling path. Pushes of this connection may be trusted once it has checked the chain itself.
        var epoch = _pushed.Epoch;
        _lastPoll = DateTime.UtcNow;
        // Genesis, checkpoint and head in one round trip, every step: a reset or a reorg is seen within one poll.
        var (knownHeaders, head) = await chain.GetBlockHeadersAndHeadAsync(_checkpoint > 0 ? [0, _checkpoint] : [0], stop);
        var known = knownHeaders.ToDictionary(h => h.Number);
        if (ChainWasReset(known.GetValueOrDefault(0))) return false;

        if (_checkpoint >= 0)
        {
            var atCheckpoint = known.GetValueOrDefault(_checkpoint);
            if (atCheckpoint is null || !SameHash(atCheckpoint.Hash, _checkpointHash))
            {
                await RollBackAsync(stop);
                return true;
            }
        }
        _checkedEpoch = epoch;
        _pushed.Checked();
        if (head <= _checkpoint)
        {
            status.Update(_checkpoint, _checkpointHash, head);
            return false;
        }

        var from = _checkpoint + 1;
        var (to, logs, rangeHeaders) = await ReadLogsAsync(from, head, stop);
        var span = to - from + 1;
        if (logs.Count > MaxLogsPerStep && span > 1)
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
        _range = Math.Clamp(Math.Min(estimate, 2 * _range), 1, Math.Max(1, options.Value.MaxBlocksPerRange));
        var wanted = logs.Select(l => l.BlockNumber).Append(from).Append(to).ToHashSet();
        var headers = rangeHeaders is not null && wanted.All(rangeHeaders.ContainsKey)
            ? rangeHeaders
            : (await chain.GetBlockHeadersAsync(wanted, stop)).ToDictionary(h => h.Number);

        // The range must hang off our checkpoint and agree with its own logs; otherwise the chain moved under us.
        if (!headers.TryGetValue(from, out var first) || !headers.TryGetValue(to, out var last)
            || (_checkpoint >= 0 && !SameHash(first.ParentHash, _checkpointHash))
            || logs.Any(l => !headers.TryGetValue(l.BlockNumber, out var h) || !SameHash(h.Hash, l.BlockHash)))
        {
            logger.LogInformation("Blocks {From}–{To} changed while being read; reading again", from, to);
            return true;
        }

        if (to < head) Prefetch(to + 1, head, stop);
        await AdvanceAsync(new IndexedRange(from, to, logs, headers), last.Hash, head, stop);
        return to < head;
    }

    /// <summary>Commits a range read from either path, moves the checkpoint to its end, and tells the status and the tracker.</summary>
    private async Task AdvanceAsync(IndexedRange range, string toHash, long head, CancellationToken stop)
    {
        await CommitAsync(range.Logs, range.Headers, range.To, toHash, stop);
        (_checkpoint, _checkpointHash) = (range.To, toHash);
        _advanced = true;
        status.Update(_checkpoint, _checkpointHash, head);
        if (range.Headers.TryGetValue(range.To, out var last)) status.NoteHead(last);
        status.NoteIndexed(range);
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

    /// <summary>The node's genesis is the one the deployment is held to (or none is known yet).</summary>
    private bool IsOurGenesis(BlockHeader? genesis) =>
        guard.ExpectedGenesis is not { } expected || (genesis is not null && SameHash(genesis.Hash, expected));

    /// <summary>
    /// True when the index must not read this chain: another genesis (a reset), or what the identity guard last
    /// found (another chain id, no contract), so the index never follows a chain that is not the deployment's.
    /// </summary>
    private bool ChainWasReset(BlockHeader? genesis)
    {
        if (!IsOurGenesis(genesis))
        {
            var reason = IndexStatus.ResetReason(genesis?.Hash, guard.ExpectedGenesis!);
            if (status.State != IndexState.ChainReset) logger.LogError("Indexer stopped: {Reason}", reason);
            status.SetState(IndexState.ChainReset, reason);
            guard.Invalidate(); // the lanes look again before their next send
            return true;
        }
        if (Foreign()) return true;
        if (status.State == IndexState.ChainReset) status.Update(_checkpoint, _checkpointHash, _checkpoint);
        return false;
    }

    /// <summary>The identity guard last found another chain id or a reset chain: nothing is read from it.</summary>
    private bool Foreign()
    {
        if (guard.Last is not { Match: ChainMatch.WrongChain or ChainMatch.Reset } foreign) return false;
        status.SetState(foreign.Match == ChainMatch.Reset ? IndexState.ChainReset : IndexState.ChainUnavailable, foreign.Reason);
        return true;
    }

    private async Task CommitAsync(IReadOnlyList<ContractLog> logs, IReadOnlyDictionary<long, BlockHeader> headers,
        long to, string toHash, CancellationToken stop)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var from = logs.Count == 0 ? to : logs.Min(l => l.BlockNumber);

        // The range's events folded per token in memory (logs come in chain order), then written set-based.
        var tokens = new Dictionary<long, IndexedToken>();
        var minted = new HashSet<long>();
        var transfers = new List<IndexedTransfer>(logs.Count);
        foreach (var log in logs)
        {
            var time = headers[log.BlockNumber].TimestampUnix;
            if (!tokens.TryGetValue(log.TokenId, out var token))
            {
                // Mint facts here are placeholders for a token minted before this range: they are written only
                // when the range holds the mint (or the token has no row yet).
                token = new IndexedToken
                {
                    DeploymentKey = Key, TokenId = log.TokenId, Owner = Formats.ZeroAddress,
                    MintBlockNumber = log.BlockNumber, MintTransactionHash = log.TransactionHash, RegisteredAtUnix = time,
                    OwnerBlockNumber = -1, OwnerLogIndex = -1,
                };
                tokens[log.TokenId] = token;
            }
            if (log.Kind == ContractLogKind.WorkRegistered)
            {
                token.Creator = log.Creator;
                token.ContentHash = log.ContentHash;
                continue;
            }
            transfers.Add(new IndexedTransfer
            {
                DeploymentKey = Key, TokenId = log.TokenId, From = log.From!, To = log.To!,
                BlockNumber = log.BlockNumber, BlockHash = log.BlockHash, LogIndex = log.LogIndex,
                TransactionHash = log.TransactionHash, TimestampUnix = time,
            });
            if (Formats.IsZeroAddress(log.From))
            {
                minted.Add(log.TokenId);
                token.MintBlockNumber = log.BlockNumber;
                token.MintTransactionHash = log.TransactionHash;
                token.RegisteredAtUnix = time;
            }
            if ((log.BlockNumber, log.LogIndex).CompareTo((token.OwnerBlockNumber, token.OwnerLogIndex)) > 0)
            {
                token.Owner = log.To!;
                token.OwnerBlockNumber = log.BlockNumber;
                token.OwnerLogIndex = log.LogIndex;
            }
        }
        var blocks = headers.Values.Where(h => h.Number >= from).OrderBy(h => h.Number)
            .Select(h => new IndexedBlock { DeploymentKey = Key, Number = h.Number, Hash = h.Hash, TimestampUnix = h.TimestampUnix }).ToList();

        // Rows and checkpoint in one transaction; every write is idempotent, so a range read twice adds nothing.
        await using (var tx = await db.Database.BeginTransactionAsync(stop))
        {
            var writer = new IndexRowWriter(db);
            await writer.InsertTransfersAsync(transfers, stop);
            await writer.UpsertTokensAsync(tokens.Values.Where(t => minted.Contains(t.TokenId)).ToList(), withMint: true, stop);
            await writer.UpsertTokensAsync(tokens.Values.Where(t => !minted.Contains(t.TokenId)).ToList(), withMint: false, stop);
            await writer.InsertBlocksAsync(blocks, stop);
            await writer.UpsertCheckpointAsync(new IndexCheckpoint { DeploymentKey = Key, BlockNumber = to, BlockHash = toHash, UpdatedAt = clock.GetUtcNow() }, stop);
            await tx.CommitAsync(stop);
        }

        if (to % 256 == 0 || logs.Count > 0 && to - from > ReorgHistoryBlocks)
        {
            await db.IndexedBlocks.Where(b => b.DeploymentKey == Key && b.Number < to - ReorgHistoryBlocks).ExecuteDeleteAsync(stop);
        }
    }

    /// <summary>
    /// The checkpoint's block is no longer on the chain: find the newest indexed block that still is (the
    /// common ancestor), delete every row after it, recompute the owners those rows had set, and resume there.
    /// </summary>
    private async Task RollBackAsync(CancellationToken stop)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ancestor = deployment.DeployBlock - 1;
        var ancestorHash = "";
        var below = _checkpoint + 1;
        while (true)
        {
            var candidates = await db.IndexedBlocks.AsNoTracking()
                .Where(b => b.DeploymentKey == Key && b.Number < below)
                .OrderByDescending(b => b.Number).Take(64).ToListAsync(stop);
            if (candidates.Count == 0) break;
            var onChain = (await chain.GetBlockHeadersAsync(candidates.Select(c => c.Number).ToList(), stop)).ToDictionary(h => h.Number);
            var match = candidates.FirstOrDefault(c => onChain.TryGetValue(c.Number, out var h) && SameHash(h.Hash, c.Hash));
            if (match is not null)
            {
                (ancestor, ancestorHash) = (match.Number, match.Hash);
                break;
            }
            below = candidates[^1].Number;
        }
        if (ancestorHash.Length == 0 && ancestor >= 0) ancestorHash = (await HeaderAsync(ancestor, stop))?.Hash ?? "";

        await using (var tx = await db.Database.BeginTransactionAsync(stop))
        {
            var stale = await db.IndexedTokens.Where(t => t.DeploymentKey == Key && t.OwnerBlockNumber > ancestor && t.MintBlockNumber <= ancestor)
                .ToListAsync(stop);
            await db.IndexedTransfers.Where(t => t.DeploymentKey == Key && t.BlockNumber > ancestor).ExecuteDeleteAsync(stop);
            await db.IndexedTokens.Where(t => t.DeploymentKey == Key && t.MintBlockNumber > ancestor).ExecuteDeleteAsync(stop);
            await db.IndexedBlocks.Where(b => b.DeploymentKey == Key && b.Number > ancestor).ExecuteDeleteAsync(stop);
            foreach (var token in stale)
            {
                var last = await db.IndexedTransfers.AsNoTracking()
                    .Where(t => t.DeploymentKey == Key && t.TokenId == token.TokenId)
                    .OrderByDescending(t => t.BlockNumber).ThenByDescending(t => t.LogIndex).FirstAsync(stop);
                token.Owner = last.To;
                token.OwnerBlockNumber = last.BlockNumber;
                token.OwnerLogIndex = last.LogIndex;
            }
            var checkpoint = await db.IndexCheckpoints.SingleOrDefaultAsync(c => c.DeploymentKey == Key, stop);
            if (checkpoint is not null)
            {
                checkpoint.BlockNumber = ancestor;
                checkpoint.BlockHash = ancestorHash;
                checkpoint.UpdatedAt = clock.GetUtcNow();
            }
            await db.SaveChangesAsync(stop);
            await tx.CommitAsync(stop);
        }
        logger.LogWarning("Chain reorganisation: the index rolled back from block {From} to the common ancestor {To}", _checkpoint, ancestor);
        (_checkpoint, _checkpointHash) = (ancestor, ancestorHash);
        status.Update(_checkpoint, _checkpointHash, _checkpoint);
    }

    private async Task<BlockHeader?> HeaderAsync(long number, CancellationToken stop) =>
        (await chain.GetBlockHeadersAsync([number], stop)).FirstOrDefault();

    private static bool SameHash(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
