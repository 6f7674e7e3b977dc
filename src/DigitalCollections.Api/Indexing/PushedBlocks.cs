using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// What the node pushed over its WebSocket (new blocks' headers and the contract's logs), kept until the
/// indexer commits it. It hands out only blocks it can vouch for: a chain of headers hanging off the
/// indexer's checkpoint by parent hash, each with every one of its logs. A block's logs are complete when its
/// logs bloom rules the contract out, when they arrived before its header (the node sends a block's logs and
/// then its header), or once a later block has arrived. Anything else (a gap, a fork, a log taken back, a
/// dropped connection) is left to the polling path, which checks the chain itself.
/// </summary>
public sealed class PushedBlocks(TimeProvider? clock = null)
{
    /// <summary>Buffered headers beyond which the buffer is dropped (a long backfill polls anyway).</summary>
    private const int MaxBufferedBlocks = 20_000;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly object _gate = new();
    private readonly Dictionary<long, Block> _blocks = new();
    private readonly Dictionary<string, List<ContractLog>> _logs = new(StringComparer.OrdinalIgnoreCase);
    private long _latest = -1;

    /// <summary>Counts connections: pushes may be used only when the chain was checked since the current one began.</summary>
    public int Epoch { get; private set; }

    /// <summary>Subscribed and receiving.</summary>
    public bool Connected { get; private set; }

    /// <summary>A log was taken back or the pushes contradicted themselves: poll until the next connection.</summary>
    public bool Disrupted { get; private set; }

    public long Latest
    {
        get { lock (_gate) return _latest; }
    }

    public void Started()
    {
        lock (_gate)
        {
            Clear();
            Epoch++;
            Connected = true;
            Disrupted = false;
        }
    }

    /// <summary>The polling path checked the chain: pushes may be trusted again after a disruption.</summary>
    public void Checked()
    {
        lock (_gate) Disrupted = false;
    }

    /// <summary>The chain contradicts what was pushed (a background check failed): poll until checked again.</summary>
    public void Disrupt()
    {
        lock (_gate)
        {
            Disrupted = true;
            Clear();
        }
    }

    public void Stopped()
    {
        lock (_gate)
        {
            Clear();
            Connected = false;
        }
    }

    public void Add(ChainPush push)
    {
        lock (_gate)
        {
            switch (push)
            {
                case PushedLog { Removed: true }:
                    Disrupted = true;
                    Clear();
                    break;
                case PushedLog { Log: var log }:
                    if (_logs.Count >= MaxBufferedBlocks) Clear();
                    if (!_logs.TryGetValue(log.BlockHash, out var list)) _logs[log.BlockHash] = list = [];
                    if (!list.Any(l => l.LogIndex == log.LogIndex)) list.Add(log);
                    break;
                case PushedHeader { Header: var header, MayHaveContractLogs: var may }:
                    if (_blocks.Count >= MaxBufferedBlocks) Clear();
                    _blocks[header.Number] = new Block(header, may, LogsFirst: _logs.ContainsKey(header.Hash), _clock.GetUtcNow());
                    _latest = Math.Max(_latest, header.Number);
                    break;
            }
        }
    }

    /// <summary>
    /// The pushed blocks after <paramref name="checkpoint"/> that chain from <paramref name="checkpointHash"/>
    /// and are complete (at most <paramref name="maxBlocks"/>), with their logs in chain order. Empty when none is ready.
    /// </summary>
    public (List<BlockHeader> Headers, List<ContractLog> Logs) Take(long checkpoint, string checkpointHash, int maxBlocks)
    {
        var headers = new List<BlockHeader>();
        var logs = new List<ContractLog>();
        lock (_gate)
        {
            Forget(checkpoint);
            var parent = checkpointHash;
            for (var n = checkpoint + 1; headers.Count < maxBlocks && _blocks.TryGetValue(n, out var block); n++)
            {
                if (!string.Equals(block.Header.ParentHash, parent, StringComparison.OrdinalIgnoreCase)) break;
                var blockLogs = _logs.GetValueOrDefault(block.Header.Hash);
                if (blockLogs is not null && !block.MayHaveContractLogs)
                {
                    Disrupted = true; // the bloom denies logs the node pushed: trust neither
                    break;
                }
                var complete = !block.MayHaveContractLogs || block.LogsFirst || _latest > n;
                if (!complete) break;
                headers.Add(block.Header);
                if (blockLogs is not null) logs.AddRange(blockLogs.OrderBy(l => l.LogIndex));
                parent = block.Header.Hash;
            }
        }
        return (headers, logs);
    }

    /// <summary>Whether block <paramref name="number"/> was pushed (and is not yet committed).</summary>
    public bool Has(long number)
    {
        lock (_gate) return _blocks.ContainsKey(number);
    }

    /// <summary>How long the oldest pushed block after the checkpoint has waited (for its logs, a later block or a gap), or null.</summary>
    public TimeSpan? Waiting(long checkpoint)
    {
        lock (_gate)
        {
            DateTimeOffset? oldest = null;
            foreach (var (number, block) in _blocks)
                if (number > checkpoint && (oldest is null || block.ArrivedAt < oldest)) oldest = block.ArrivedAt;
            return oldest is null ? null : _clock.GetUtcNow() - oldest.Value;
        }
    }

    private void Forget(long through)
    {
        foreach (var number in _blocks.Keys.Where(n => n <= through).ToList())
        {
            _logs.Remove(_blocks[number].Header.Hash);
            _blocks.Remove(number);
        }
    }

    private void Clear()
    {
        _blocks.Clear();
        _logs.Clear();
        _latest = -1;
    }

    private sealed record Block(BlockHeader Header, bool MayHaveContractLogs, bool LogsFirst, DateTimeOffset ArrivedAt);
}
