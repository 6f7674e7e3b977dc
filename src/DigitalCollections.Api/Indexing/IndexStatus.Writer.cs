namespace DigitalCollections.Api.Indexing;

public sealed partial class IndexStatus
{
    /// <summary>
    /// The one way to change an <see cref="IndexStatus"/>: held by the indexer, its block feed and the readiness
    /// probe; everything else is given the read-only <see cref="Status"/>.
    /// </summary>
    public sealed class Writer(TimeProvider clock)
    {
        public IndexStatus Status { get; } = new(clock);

        /// <summary>A newer head the node announced (pushed) before the index read it: the lag counts it at once.</summary>
        public void NoteHead(long head)
        {
            var s = Status;
            lock (s._gate)
            {
                if (head > s.HeadBlock) s.HeadBlock = head;
            }
        }

        /// <summary>A header the index saw: pushed by the node, or the last of a committed range. Raises the head too.</summary>
        public void NoteHead(Chain.BlockHeader header)
        {
            var s = Status;
            lock (s._gate)
            {
                if (header.Number > s.HeadBlock) s.HeadBlock = header.Number;
                if (s.LatestBlock is null || header.Number >= s.LatestBlock.Header.Number)
                    s.LatestBlock = new SeenBlock(header, s._clock.GetUtcNow());
            }
        }

        public void FollowsPushes(bool follows) => Status.FollowsPushes = follows;

        /// <summary>The index looked at the chain: it stands at <paramref name="checkpoint"/>, the head at <paramref name="head"/>.</summary>
        public void Update(long checkpoint, string checkpointHash, long head)
        {
            var s = Status;
            TaskCompletionSource advanced;
            lock (s._gate)
            {
                s.CheckpointBlock = checkpoint;
                s.CheckpointHash = checkpointHash;
                s.HeadBlock = Math.Max(head, checkpoint);
                s._lookedAt = s._clock.GetUtcNow();
                s.State = IndexState.Following;
                s.Reason = null;
                advanced = s._advanced;
                s._advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            advanced.TrySetResult();
        }

        public void SetState(IndexState state, string reason)
        {
            var s = Status;
            lock (s._gate)
            {
                s.State = state;
                s.Reason = reason;
            }
        }

        /// <summary>Hands a committed range to every subscriber (<see cref="SubscribeIndexed"/>).</summary>
        public void Indexed(IndexedRange range)
        {
            foreach (var subscriber in Volatile.Read(ref Status._subscribers)) subscriber.TryWrite(range);
        }

        public static string ResetReason(string? genesis, string expected) =>
            $"The node's genesis block is {genesis}, the deployment was made on {expected}: the chain was reset " +
            "(a restarted Hardhat node) or the RPC URL points at another chain.";
    }
}
