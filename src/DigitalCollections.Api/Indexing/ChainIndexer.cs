using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Follows the contract's Transfer and WorkRegistered events from the deploy block into the database: takes
/// each range the <see cref="BlockFeed"/> hands out and commits it (<see cref="RangeCommitter"/>), or rolls back
/// to the common ancestor when the feed finds the checkpoint's block gone (<see cref="ReorgRollback"/>). A
/// different genesis (a restarted Hardhat node) stops it with the reason.
/// Several API instances may share one database: only the holder of the "indexer" lease writes; the others
/// follow its checkpoint, so every instance reports the same position and lag.
/// </summary>
public sealed class ChainIndexer : BackgroundService
{
    /// <summary>The first pause after new blocks; it doubles up to the poll interval while the chain is quiet.</summary>
    private static readonly TimeSpan FollowPause = TimeSpan.FromMilliseconds(5);

    private readonly IChainReader _chain;
    private readonly Deployment _deployment;
    private readonly ChainResetCheck _check;
    private readonly IndexStatus.Writer _status;
    private readonly IDistributedLease _leases;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<ChainIndexer> _logger;
    private readonly TimeSpan _poll;
    private readonly BlockFeed _feed;
    private readonly RangeCommitter _committer;
    private readonly ReorgRollback _rollback;
    private readonly ResiliencePipeline _retry;

    public ChainIndexer(IChainReader chain, IBlockSource blocks, Deployment deployment, ChainResetCheck check, IndexStatus.Writer status, WriteWatermark writes,
        IDistributedLease leases, IServiceScopeFactory scopes, IOptions<IndexingOptions> options, ResiliencePipelineProvider<string> resilience,
        TimeProvider clock, ILogger<ChainIndexer> logger)
    {
        (_chain, _deployment, _check, _status, _leases, _scopes, _logger) = (chain, deployment, check, status, leases, scopes, logger);
        _poll = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollIntervalMilliseconds));
        _retry = resilience.GetPipeline(ChainResilience.Step);
        _feed = new BlockFeed(chain, blocks, check, status, writes, options.Value, resilience.GetPipeline(ChainResilience.Reconnect), clock, logger);
        _committer = new RangeCommitter(scopes, deployment.Key, clock);
        _rollback = new ReorgRollback(chain, deployment, scopes, clock, logger);
    }

    private string Key => _deployment.Key;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // After new blocks the next look comes soon and the pause doubles while nothing new arrives, up to the
        // poll interval: a moving chain is followed within milliseconds, a quiet one costs one look a poll.
        var pause = _poll;
        var loaded = false;
        ILeaseHandle? lease = null;
        var pushes = _feed.RunPushesAsync(stop);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Next next;
                try
                {
                    next = await _retry.RetryAsync(async ct =>
                    {
                        if (lease is not null && lease.Lost.IsCancellationRequested)
                        {
                            _logger.LogWarning("Indexer lease lost; following until it can lead again");
                            await lease.DisposeAsync();
                            lease = null;
                        }
                        if (lease is null)
                        {
                            lease = await _leases.TryAcquireAsync($"indexer:{Key}", ct);
                            loaded = false; // a new leader starts from the committed checkpoint
                        }
                        if (lease is null)
                        {
                            await FollowAsync(ct);
                            await _feed.WaitAsync(_poll, ct);
                            return Next.Followed;
                        }
                        if (!loaded) loaded = await LoadCheckpointAsync(ct);
                        // A step that found new blocks looks again at once: while the chain moves the index keeps up
                        // within a step's time.
                        return loaded && await StepAsync(ct) ? Next.LookAgain : Next.Pause;
                    }, e =>
                    {
                        if (e is ChainUnavailableException) _status.SetState(IndexState.ChainUnavailable, e.Message);
                        else _logger.LogError(e, "Indexer step failed; retrying");
                    }, stop);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    break; // shutting down: what failed failed because of it
                }
                if (next == Next.Followed) continue;
                if (next == Next.LookAgain)
                {
                    pause = FollowPause < _poll ? FollowPause : _poll;
                    continue;
                }
                await _feed.WaitAsync(pause, stop);
                pause = pause * 2 < _poll ? pause * 2 : _poll;
            }
        }
        finally
        {
            if (lease is not null) await lease.DisposeAsync();
            await pushes;
        }
    }

    /// <summary>One bounded step. True when there is more to read right away.</summary>
    private async Task<bool> StepAsync(CancellationToken stop)
    {
        switch (await _feed.NextAsync(stop))
        {
            case NewBlocks blocks:
                await _committer.CommitAsync(blocks.Range, blocks.ToHash, stop);
                _feed.Committed(blocks);
                return true;
            case CheckpointOrphaned:
                var (ancestor, hash) = await _rollback.RollBackAsync(_feed.Checkpoint.Number, stop);
                _feed.StartAt(ancestor, hash);
                _status.Update(ancestor, hash, ancestor);
                return true;
            case NoNewBlocks { LookAgain: var again }:
                return again;
            default:
                return false;
        }
    }

    /// <summary>Another instance leads: mirror its committed checkpoint (and still notice a reset chain).</summary>
    private async Task FollowAsync(CancellationToken stop)
    {
        var genesis = (await _chain.GetBlockHeadersAsync([0], stop)).FirstOrDefault();
        var (checkpoint, hash) = _feed.Checkpoint;
        if (_check.ChainWasReset(genesis, checkpoint, hash)) return;
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.IndexCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.DeploymentKey == Key, stop);
        if (stored is null) return;
        _feed.StartAt(stored.BlockNumber, stored.BlockHash);
        _status.Update(stored.BlockNumber, stored.BlockHash, await _chain.GetBlockNumberAsync(stop));
    }

    private async Task<bool> LoadCheckpointAsync(CancellationToken stop)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.IndexCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.DeploymentKey == Key, stop);
        if (stored is not null)
        {
            _feed.StartAt(stored.BlockNumber, stored.BlockHash);
        }
        else
        {
            // Start just before the deploy block: nothing of ours can be older.
            var before = _deployment.DeployBlock - 1;
            _feed.StartAt(before, before < 0 ? "" : (await _chain.GetBlockHeadersAsync([before], stop)).FirstOrDefault()?.Hash ?? "");
        }
        _logger.LogInformation("Indexer starts after block {Block}", _feed.Checkpoint.Number);
        return true;
    }

    /// <summary>What the loop does after a step: look again at once, pause (doubling while quiet), or nothing more (a follower waited already).</summary>
    private enum Next { LookAgain, Pause, Followed }
}
