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
/// </summary>
public sealed class ChainIndexer(
    IChainGateway chain,
    IndexStatus status,
    IServiceScopeFactory scopes,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<ChainIndexer> logger) : BackgroundService
{
    /// <summary>Indexed block hashes kept for finding a reorg's common ancestor; deeper reorgs re-index from the start.</summary>
    private const int ReorgHistoryBlocks = 1024;

    private readonly SemaphoreSlim _wake = new(0);
    /// <summary>A step reads at most about this many logs: the block range shrinks over dense stretches and grows back.</summary>
    private const int MaxLogsPerStep = 10_000;
    private long _range = Math.Max(1, options.Value.MaxBlocksPerRange);
    private long _checkpoint = -1;
    private string _checkpointHash = "";

    private string Key => chain.Deployment.Key;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        status.WriteConfirmed += Wake;
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollIntervalMilliseconds));
        var loaded = false;
        while (!stop.IsCancellationRequested)
        {
            var more = false;
            try
            {
                if (!loaded) loaded = await LoadCheckpointAsync(stop);
                if (loaded) more = await StepAsync(stop);
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
            if (!more) await WaitForWorkAsync(poll, stop);
        }
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
            _checkpoint = chain.Deployment.DeployBlock - 1;
            _checkpointHash = _checkpoint < 0 ? "" : (await HeaderAsync(_checkpoint, stop))?.Hash ?? "";
        }
        logger.LogInformation("Indexer starts after block {Block}", _checkpoint);
        return true;
    }

    /// <summary>One bounded step. True when there is more to read right away.</summary>
    private async Task<bool> StepAsync(CancellationToken stop)
    {
        // Genesis and checkpoint in one round trip, every step: a reset or a reorg is seen within one poll.
        var known = (await chain.GetBlockHeadersAsync(_checkpoint > 0 ? [0, _checkpoint] : [0], stop)).ToDictionary(h => h.Number);
        if (ChainWasReset(known.GetValueOrDefault(0))) return false;

        var head = await chain.GetBlockNumberAsync(stop);
        if (_checkpoint >= 0)
        {
            var atCheckpoint = known.GetValueOrDefault(_checkpoint);
            if (atCheckpoint is null || !SameHash(atCheckpoint.Hash, _checkpointHash))
            {
                await RollBackAsync(stop);
                return true;
            }
        }
        if (head <= _checkpoint)
        {
            status.Update(_checkpoint, _checkpointHash, head);
            return false;
        }

        var from = _checkpoint + 1;
        var to = Math.Min(head, from + _range - 1);
        var logs = await chain.GetContractLogsAsync(from, to, stop);
        if (logs.Count > MaxLogsPerStep && to > from)
        {
            _range = Math.Max(1, (to - from + 1) / 2);
            return true; // too dense for one commit: read a smaller range
        }
        if (logs.Count < MaxLogsPerStep / 4) _range = Math.Min(Math.Max(1, options.Value.MaxBlocksPerRange), _range * 2);
        var wanted = logs.Select(l => l.BlockNumber).Append(from).Append(to).ToHashSet();
        var headers = (await chain.GetBlockHeadersAsync(wanted, stop)).ToDictionary(h => h.Number);

        // The range must hang off our checkpoint and agree with its own logs; otherwise the chain moved under us.
        if (!headers.TryGetValue(from, out var first) || !headers.TryGetValue(to, out var last)
            || (_checkpoint >= 0 && !SameHash(first.ParentHash, _checkpointHash))
            || logs.Any(l => !headers.TryGetValue(l.BlockNumber, out var h) || !SameHash(h.Hash, l.BlockHash)))
        {
            logger.LogInformation("Blocks {From}–{To} changed while being read; reading again", from, to);
            return true;
        }

        await CommitAsync(logs, headers, to, last.Hash, stop);
        (_checkpoint, _checkpointHash) = (to, last.Hash);
        status.Update(_checkpoint, _checkpointHash, head);
        return to < head;
    }

    private bool ChainWasReset(BlockHeader? genesis)
    {
        var expected = chain.Deployment.GenesisHash;
        if (expected is null) return false;
        if (genesis is not null && SameHash(genesis.Hash, expected))
        {
            if (status.State == IndexState.ChainReset) status.Update(_checkpoint, _checkpointHash, _checkpoint);
            return false;
        }
        var reason = IndexStatus.ResetReason(genesis?.Hash, expected);
        if (status.State != IndexState.ChainReset) logger.LogError("Indexer stopped: {Reason}", reason);
        status.SetState(IndexState.ChainReset, reason);
        return true;
    }

    private async Task CommitAsync(IReadOnlyList<ContractLog> logs, IReadOnlyDictionary<long, BlockHeader> headers,
        long to, string toHash, CancellationToken stop)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var from = logs.Count == 0 ? to : logs.Min(l => l.BlockNumber);

        // Idempotent: a range read twice (e.g. the checkpoint commit was lost) adds nothing the second time.
        var seen = (await db.IndexedTransfers.AsNoTracking()
                .Where(t => t.DeploymentKey == Key && t.BlockNumber >= from && t.BlockNumber <= to)
                .Select(t => new { t.BlockNumber, t.LogIndex }).ToListAsync(stop))
            .Select(t => (t.BlockNumber, t.LogIndex)).ToHashSet();
        var tokenIds = logs.Select(l => l.TokenId).Distinct().ToList();
        var tokens = new Dictionary<long, IndexedToken>();
        foreach (var chunk in tokenIds.Chunk(500))
        {
            foreach (var token in await db.IndexedTokens.Where(t => t.DeploymentKey == Key && chunk.Contains(t.TokenId)).ToListAsync(stop))
                tokens[token.TokenId] = token;
        }

        foreach (var log in logs)
        {
            var time = headers[log.BlockNumber].TimestampUnix;
            if (!tokens.TryGetValue(log.TokenId, out var token))
            {
                token = new IndexedToken
                {
                    DeploymentKey = Key, TokenId = log.TokenId, Owner = Formats.ZeroAddress,
                    MintBlockNumber = log.BlockNumber, MintTransactionHash = log.TransactionHash, RegisteredAtUnix = time,
                    OwnerBlockNumber = -1, OwnerLogIndex = -1,
                };
                tokens[log.TokenId] = token;
                db.IndexedTokens.Add(token);
            }
            if (log.Kind == ContractLogKind.WorkRegistered)
            {
                token.Creator = log.Creator;
                token.ContentHash = log.ContentHash;
                continue;
            }
            if (seen.Contains((log.BlockNumber, log.LogIndex))) continue;
            db.IndexedTransfers.Add(new IndexedTransfer
            {
                DeploymentKey = Key, TokenId = log.TokenId, From = log.From!, To = log.To!,
                BlockNumber = log.BlockNumber, BlockHash = log.BlockHash, LogIndex = log.LogIndex,
                TransactionHash = log.TransactionHash, TimestampUnix = time,
            });
            if (Formats.IsZeroAddress(log.From))
            {
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

        var known = (await db.IndexedBlocks.AsNoTracking()
            .Where(b => b.DeploymentKey == Key && b.Number >= from && b.Number <= to).Select(b => b.Number).ToListAsync(stop)).ToHashSet();
        foreach (var header in headers.Values.Where(h => h.Number >= from && !known.Contains(h.Number)))
            db.IndexedBlocks.Add(new IndexedBlock { DeploymentKey = Key, Number = header.Number, Hash = header.Hash, TimestampUnix = header.TimestampUnix });

        var checkpoint = await db.IndexCheckpoints.SingleOrDefaultAsync(c => c.DeploymentKey == Key, stop);
        if (checkpoint is null) db.IndexCheckpoints.Add(checkpoint = new IndexCheckpoint { DeploymentKey = Key, BlockHash = toHash });
        checkpoint.BlockNumber = to;
        checkpoint.BlockHash = toHash;
        checkpoint.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(stop); // rows and checkpoint in one transaction

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
        var ancestor = chain.Deployment.DeployBlock - 1;
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
