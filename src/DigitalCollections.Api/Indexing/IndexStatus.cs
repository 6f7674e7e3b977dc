using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;

namespace DigitalCollections.Api.Indexing;

/// <summary>Section "Indexing".</summary>
public sealed class IndexingOptions
{
    public const string SectionName = "Indexing";

    public int PollIntervalMilliseconds { get; set; } = 200;

    /// <summary>Blocks per eth_getLogs range while catching up.</summary>
    public int MaxBlocksPerRange { get; set; } = 2000;

    /// <summary>How long a read waits for the index to include this instance's own latest confirmed write.</summary>
    public double ReadYourWritesWaitSeconds { get; set; } = 5;
}

public enum IndexState { Starting, Following, ChainUnavailable, ChainReset }

/// <summary>Blocks <paramref name="From"/>–<paramref name="To"/> as the index committed them: the contract's logs and the headers it read.</summary>
public sealed record IndexedRange(long From, long To, IReadOnlyList<ContractLog> Logs, IReadOnlyDictionary<long, BlockHeader> Headers);

/// <summary>The block a response is consistent with.</summary>
public sealed record IndexPosition(long BlockNumber, string? BlockHash);

/// <summary>A block header and when this process saw it.</summary>
public sealed record SeenBlock(BlockHeader Header, DateTimeOffset SeenAt);

/// <summary>Where the index stands; shared by the indexer (writer) and every read (one per process).</summary>
public sealed class IndexStatus(TimeProvider clock)
{
    private readonly object _gate = new();
    private DateTimeOffset _lookedAt = DateTimeOffset.MinValue;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _writeWatermark = -1;

    public IndexState State { get; private set; } = IndexState.Starting;
    public string? Reason { get; private set; }
    public long CheckpointBlock { get; private set; } = -1;
    public string? CheckpointHash { get; private set; }
    public long HeadBlock { get; private set; } = -1;
    public long LagBlocks => HeadBlock < 0 ? 0 : Math.Max(0, HeadBlock - CheckpointBlock);

    /// <summary>True while the index follows the node's WebSocket pushes; false while it polls.</summary>
    public bool FollowsPushes { get; set; }

    /// <summary>A newer head the node announced (pushed) before the index read it: the lag counts it at once.</summary>
    public void NoteHead(long head)
    {
        lock (_gate)
        {
            if (head > HeadBlock) HeadBlock = head;
        }
    }

    /// <summary>
    /// The newest block header the index has seen (pushed or committed) and when: its timestamp is the chain's
    /// clock, which deadlines the API sets count from (see <see cref="ChainInfo.ChainClock"/>). Null until one was seen.
    /// </summary>
    public SeenBlock? LatestBlock { get; private set; }

    /// <summary>A header the index saw: pushed by the node, or the last of a committed range. Raises the head too.</summary>
    public void NoteHead(BlockHeader header)
    {
        lock (_gate)
        {
            if (header.Number > HeadBlock) HeadBlock = header.Number;
            if (LatestBlock is null || header.Number >= LatestBlock.Header.Number) LatestBlock = new SeenBlock(header, clock.GetUtcNow());
        }
    }

    /// <summary>The newest block holding a write this process confirmed: reads wait for it (read your writes).</summary>
    public long WriteWatermark => Interlocked.Read(ref _writeWatermark);

    /// <summary>Raised so the indexer reads new blocks now rather than at its next poll.</summary>
    public event Action? WriteConfirmed;

    /// <summary>Raised after the indexer committed a range: the confirmation tracker takes its logs instead of reading them again.</summary>
    public event Action<IndexedRange>? RangeIndexed;

    public void NoteIndexed(IndexedRange range) => RangeIndexed?.Invoke(range);

    public IndexPosition Position => new(CheckpointBlock, CheckpointHash);

    /// <summary>How long ago the index last compared itself with the chain's head.</summary>
    public TimeSpan SinceLastLook
    {
        get
        {
            lock (_gate) return clock.GetUtcNow() - _lookedAt;
        }
    }

    public void NoteWrite(long blockNumber)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _writeWatermark)) < blockNumber
               && Interlocked.CompareExchange(ref _writeWatermark, blockNumber, seen) != seen) { }
        WriteConfirmed?.Invoke();
    }

    public void Update(long checkpoint, string checkpointHash, long head)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            CheckpointBlock = checkpoint;
            CheckpointHash = checkpointHash;
            HeadBlock = Math.Max(head, checkpoint);
            _lookedAt = clock.GetUtcNow();
            State = IndexState.Following;
            Reason = null;
            advanced = _advanced;
            _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        advanced.TrySetResult();
    }

    public void SetState(IndexState state, string reason)
    {
        lock (_gate)
        {
            State = state;
            Reason = reason;
        }
    }

    public static string ResetReason(string? genesis, string expected) =>
        $"The node's genesis block is {genesis}, the deployment was made on {expected}: the chain was reset " +
        "(a restarted Hardhat node) or the RPC URL points at another chain.";

    /// <summary>Throws the problem a read must answer when the index cannot speak for this chain.</summary>
    public void EnsureServable()
    {
        if (State == IndexState.ChainReset)
            throw new ApiProblemException(503, "chain-reset", "The chain was reset.",
                (Reason ?? "The chain no longer holds this deployment.") + " The API does not answer from another chain's data.");
    }

    /// <summary>Waits (bounded) until the index has read <paramref name="block"/>.</summary>
    public async Task WaitForBlockAsync(long block, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CheckpointBlock < block && State != IndexState.ChainReset)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return;
            Task advanced;
            lock (_gate) advanced = _advanced.Task;
            try
            {
                await advanced.WaitAsync(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250), ct);
            }
            catch (TimeoutException) { }
        }
    }
}
