using System.Threading.Channels;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Indexing;

public enum IndexState { Starting, Following, ChainUnavailable, ChainReset }

/// <summary>Blocks <paramref name="From"/>–<paramref name="To"/> as the index committed them: the contract's logs and the headers it read.</summary>
public sealed record IndexedRange(long From, long To, IReadOnlyList<ContractLog> Logs, IReadOnlyDictionary<long, BlockHeader> Headers);

/// <summary>The block a response is consistent with.</summary>
public sealed record IndexPosition(long BlockNumber, string? BlockHash);

/// <summary>A block header and when this process saw it.</summary>
public sealed record SeenBlock(BlockHeader Header, DateTimeOffset SeenAt);

/// <summary>
/// Where the index stands, one per process. Read-only: only the holder of its <see cref="Writer"/> (the
/// indexer and its block feed, and the readiness probe that may see a reset first) changes it, so a reader
/// can trust what it sees came from the index.
/// </summary>
public sealed partial class IndexStatus
{
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private DateTimeOffset _lookedAt = DateTimeOffset.MinValue;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>The subscribers' writers, replaced whole on subscription so publishing needs no lock.</summary>
    private ChannelWriter<IndexedRange>[] _subscribers = [];

    private IndexStatus(TimeProvider clock) => _clock = clock;

    public IndexState State { get; private set; } = IndexState.Starting;
    public string? Reason { get; private set; }
    public long CheckpointBlock { get; private set; } = -1;
    public string? CheckpointHash { get; private set; }
    public long HeadBlock { get; private set; } = -1;
    public long LagBlocks => HeadBlock < 0 ? 0 : Math.Max(0, HeadBlock - CheckpointBlock);

    /// <summary>True while the index follows the node's WebSocket pushes; false while it polls.</summary>
    public bool FollowsPushes { get; private set; }

    /// <summary>
    /// The newest block header the index has seen (pushed or committed) and when: its timestamp is the chain's
    /// clock, which deadlines the API sets count from (see <see cref="ChainInfo.ChainClock"/>). Null until one was seen.
    /// </summary>
    public SeenBlock? LatestBlock { get; private set; }

    public IndexPosition Position => new(CheckpointBlock, CheckpointHash);

    /// <summary>How long ago the index last compared itself with the chain's head.</summary>
    public TimeSpan SinceLastLook
    {
        get
        {
            lock (_gate) return _clock.GetUtcNow() - _lookedAt;
        }
    }

    /// <summary>
    /// A reader of every range the index commits from now on, for one consumer to own (the confirmation tracker
    /// takes its logs instead of reading them again). Each subscriber has its own channel, so a slow one holds up
    /// neither the index nor the others.
    /// </summary>
    public ChannelReader<IndexedRange> SubscribeIndexed()
    {
        var channel = Channel.CreateUnbounded<IndexedRange>(new() { SingleReader = true, SingleWriter = true });
        lock (_gate) Volatile.Write(ref _subscribers, [.. _subscribers, channel.Writer]);
        return channel.Reader;
    }

    /// <summary>Waits (bounded) until the index has read <paramref name="block"/>; false when it had not by then (or the chain was reset).</summary>
    public async Task<bool> WaitUntilIndexedAsync(long block, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = _clock.GetUtcNow() + timeout;
        while (CheckpointBlock < block && State != IndexState.ChainReset)
        {
            var left = deadline - _clock.GetUtcNow();
            if (left <= TimeSpan.Zero) return false;
            Task advanced;
            lock (_gate) advanced = _advanced.Task;
            try
            {
                await advanced.WaitAsync(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250), _clock, ct);
            }
            catch (TimeoutException) { }
        }
        return CheckpointBlock >= block;
    }
}
