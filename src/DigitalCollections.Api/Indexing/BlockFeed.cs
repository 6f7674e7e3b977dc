using System.Threading.Channels;
using DigitalCollections.Api.Chain;
using Polly;

namespace DigitalCollections.Api.Indexing;

/// <summary>What the feed found for the next step.</summary>
public abstract record FeedStep;

/// <summary>Blocks that chain from the checkpoint, ready to commit; <paramref name="Head"/> is the chain's head as the feed knows it.</summary>
public sealed record NewBlocks(IndexedRange Range, string ToHash, long Head) : FeedStep;

/// <summary>The checkpoint's block is no longer on the chain: the index must roll back to the common ancestor.</summary>
public sealed record CheckpointOrphaned : FeedStep;

/// <summary>Nothing to commit: up to date, a chain that is not ours, or (<paramref name="LookAgain"/>) blocks that changed while read.</summary>
public sealed record NoNewBlocks(bool LookAgain) : FeedStep;

/// <summary>
/// The index's one source of blocks: merges what the node pushes (<see cref="PushedBlocks"/>) with polling,
/// checks that every range hangs off the checkpoint by parent hash and that the checkpoint is still on the
/// chain (a reorg otherwise), and hands each range the index committed to the subscribers of
/// <see cref="IndexStatus.SubscribeIndexed"/>. Pushes are used only after the polling path has checked the chain
/// since the current connection began, and the chain is still checked every poll interval beside them.
/// </summary>
public sealed class BlockFeed
{
    /// <summary>Blocks a step takes from the pushes at most.</summary>
    private const int MaxPushedBlocksPerStep = 2000;
    /// <summary>A pushed block still incomplete after this long (its logs or the next block did not come) is polled for.</summary>
    private static readonly TimeSpan PushPatience = TimeSpan.FromMilliseconds(50);

    private readonly IChainReader _chain;
    private readonly IBlockSource _blocks;
    private readonly ChainResetCheck _check;
    private readonly IndexStatus.Writer _status;
    private readonly WriteWatermark _writes;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly TimeSpan _poll;
    private readonly PushedBlocks _pushed;
    private readonly RangeReader _ranges;
    private readonly ResiliencePipeline _reconnect;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _checkpoint = -1;
    private string _checkpointHash = "";
    /// <summary>The push connection (epoch) during which the polling path last checked genesis and checkpoint.</summary>
    private int _checkedEpoch = -1;
    private DateTimeOffset _lastPoll = DateTimeOffset.MinValue;
    /// <summary>While following pushes: the periodic check of genesis and checkpoint, running beside the commits.</summary>
    private Task<bool>? _pushCheck;

    public BlockFeed(IChainReader chain, IBlockSource blocks, ChainResetCheck check, IndexStatus.Writer status, WriteWatermark writes,
        IndexingOptions options, ResiliencePipeline reconnect, TimeProvider clock, ILogger logger)
    {
        (_chain, _blocks, _check, _status, _writes, _reconnect, _clock, _logger) = (chain, blocks, check, status, writes, reconnect, clock, logger);
        _poll = TimeSpan.FromMilliseconds(Math.Max(10, options.PollIntervalMilliseconds));
        _pushed = new PushedBlocks(clock);
        _ranges = new RangeReader(chain, options.MaxBlocksPerRange, logger);
    }

    /// <summary>The last block the index holds, and its hash: every range the feed hands out starts after it.</summary>
    public (long Number, string Hash) Checkpoint => (_checkpoint, _checkpointHash);

    /// <summary>The index stands at this block (loaded, mirrored from the leader, or rolled back to).</summary>
    public void StartAt(long checkpoint, string hash) => (_checkpoint, _checkpointHash) = (checkpoint, hash);

    /// <summary>Follows the node's pushes until <paramref name="stop"/> (a node without them leaves the feed polling).</summary>
    public Task RunPushesAsync(CancellationToken stop) =>
        new PushSubscription(_blocks, _pushed, _status, _check, _wake.Writer, _reconnect, _logger).RunAsync(stop);

    /// <summary>Waits up to <paramref name="timeout"/> for a pushed block or a confirmed write of this process.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken stop)
    {
        using var wait = new CancellationTokenSource(timeout, _clock);
        using var _ = stop.Register(wait.Cancel);
        var pushed = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
        var written = _writes.Raised.WaitToReadAsync(wait.Token).AsTask();
        await Task.WhenAny(pushed, written);
        await wait.CancelAsync();
        try { await Task.WhenAll(pushed, written); }
        catch (OperationCanceledException) { }
        while (_wake.Reader.TryRead(out var _)) { }
        while (_writes.Raised.TryRead(out var _)) { }
    }

    /// <summary>One step: from the pushes when they can be used, else by polling.</summary>
    public async Task<FeedStep> NextAsync(CancellationToken stop)
    {
        if (await _check.ForeignAsync(stop)) return new NoNewBlocks(false);
        return await FromPushesAsync(stop) ?? await PollAsync(stop);
    }

    /// <summary>The index committed <paramref name="step"/>: the checkpoint moves to its end, the status and the subscribers hear of it.</summary>
    public void Committed(NewBlocks step)
    {
        var range = step.Range;
        (_checkpoint, _checkpointHash) = (range.To, step.ToHash);
        _status.Update(_checkpoint, _checkpointHash, step.Head);
        if (range.Headers.TryGetValue(range.To, out var last)) _status.NoteHead(last);
        _status.Indexed(range);
    }

    /// <summary>
    /// The pushed blocks that chain from the checkpoint. Null when the pushes cannot be used (not connected, not
    /// checked since connecting, disrupted) or the polling path is due: every poll interval, and when a pushed
    /// block has waited too long.
    /// </summary>
    private async Task<FeedStep?> FromPushesAsync(CancellationToken stop)
    {
        var usable = _pushed.Connected && !_pushed.Disrupted && _pushed.Epoch == _checkedEpoch;
        _status.FollowsPushes(usable);
        if (!usable) return null;

        // The chain is still checked every poll interval (same genesis; the checkpoint still on the chain), in
        // the background so that commits go on meanwhile. A failed check hands over to the polling path.
        var pollDue = _clock.GetUtcNow() - _lastPoll >= _poll;
        if (_pushCheck is { IsCompleted: true } check)
        {
            _pushCheck = null;
            if (!await check)
            {
                _pushed.Disrupt();
                _status.FollowsPushes(false);
                return null;
            }
        }
        if (pollDue && _pushCheck is null)
        {
            _lastPoll = _clock.GetUtcNow();
            _pushCheck = CheckChainAsync(_checkpoint, _checkpointHash, stop);
        }

        var (headers, logs) = _pushed.Take(_checkpoint, _checkpointHash, MaxPushedBlocksPerStep);
        if (headers.Count > 0)
        {
            var last = headers[^1];
            return new NewBlocks(new IndexedRange(headers[0].Number, last.Number, logs, headers.ToDictionary(h => h.Number)),
                last.Hash, Math.Max(_pushed.Latest, last.Number));
        }
        // Nothing complete. Blocks the pushes do not hold (mined before the subscription, or lost) are read by
        // polling, and so is a pushed block that waited too long for its logs.
        if (_status.Status.HeadBlock > _checkpoint && !_pushed.Has(_checkpoint + 1)) return null;
        return _pushed.Waiting(_checkpoint) > PushPatience ? null : new NoNewBlocks(false);
    }

    /// <summary>The polling path: genesis, checkpoint and head in one round trip, then the range after the checkpoint.</summary>
    private async Task<FeedStep> PollAsync(CancellationToken stop)
    {
        // Pushes of this connection may be trusted once this path has checked the chain itself.
        var epoch = _pushed.Epoch;
        _lastPoll = _clock.GetUtcNow();
        // Every step: a reset or a reorg is seen within one poll.
        var (knownHeaders, head) = await _chain.GetBlockHeadersAndHeadAsync(_checkpoint > 0 ? [0, _checkpoint] : [0], stop);
        var known = knownHeaders.ToDictionary(h => h.Number);
        if (_check.ChainWasReset(known.GetValueOrDefault(0), _checkpoint, _checkpointHash)) return new NoNewBlocks(false);

        if (_checkpoint >= 0
            && (known.GetValueOrDefault(_checkpoint) is not { } atCheckpoint || !ChainResetCheck.SameHash(atCheckpoint.Hash, _checkpointHash)))
            return new CheckpointOrphaned();
        _checkedEpoch = epoch;
        _pushed.Checked();
        if (head <= _checkpoint)
        {
            _status.Update(_checkpoint, _checkpointHash, head);
            return new NoNewBlocks(false);
        }

        var range = await _ranges.ReadAsync(_checkpoint, _checkpointHash, head, stop);
        return range is null ? new NoNewBlocks(true) : new NewBlocks(range, range.Headers[range.To].Hash, head);
    }

    /// <summary>Genesis unchanged and the block at <paramref name="checkpoint"/> still <paramref name="hash"/>.</summary>
    private async Task<bool> CheckChainAsync(long checkpoint, string hash, CancellationToken stop)
    {
        try
        {
            var (headers, head) = await _chain.GetBlockHeadersAndHeadAsync(checkpoint > 0 ? [0, checkpoint] : [0], stop);
            var known = headers.ToDictionary(h => h.Number);
            if (!_check.IsOurGenesis(known.GetValueOrDefault(0))) return false;
            if (checkpoint >= 0 && (!known.TryGetValue(checkpoint, out var at) || !ChainResetCheck.SameHash(at.Hash, hash))) return false;
            _status.NoteHead(head);
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            _logger.LogDebug(e, "Indexer's chain check failed");
            return false;
        }
    }
}
