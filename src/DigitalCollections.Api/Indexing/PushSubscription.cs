using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using DigitalCollections.Api.Chain;
using Polly;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Keeps a WebSocket subscription to the node's new blocks and the contract's logs, into <see cref="PushedBlocks"/>,
/// so the index follows the chain as it is pushed instead of asking for it. Reconnects after a drop with the
/// <see cref="ChainResilience.Reconnect"/> backoff, counted from the drop; a node without subscriptions (or
/// Chain:WebSocketUrl=off) leaves the index polling.
/// </summary>
internal sealed class PushSubscription(
    IBlockSource blocks,
    PushedBlocks pushed,
    IndexStatus.Writer status,
    ChainResetCheck check,
    ChannelWriter<bool> wake,
    ResiliencePipeline reconnect,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stop)
    {
        // One run of the pipeline lasts from a drop (or the start) until a connection has come and gone: its
        // attempts, and so its waits, count from the drop, which is its first failed attempt.
        Exception? dropped = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await reconnect.RetryAsync(async ct =>
                {
                    if (dropped is { } drop)
                    {
                        dropped = null;
                        ExceptionDispatchInfo.Throw(drop);
                    }
                    dropped = await FollowAsync(ct);
                }, Failed, stop);
            }
        }
        catch (NotSupportedException e)
        {
            pushed.Stopped();
            logger.LogInformation("Indexer polls the chain: {Reason}", e.Message);
            return;
        }
        catch (Exception) when (stop.IsCancellationRequested) { } // shutting down: what failed failed because of it
        pushed.Stopped();
    }

    /// <summary>
    /// Connects and follows the pushes. Throws when no connection came; once one had come, returns what ended it.
    /// </summary>
    private async Task<Exception> FollowAsync(CancellationToken stop)
    {
        var connected = false;
        try
        {
            await foreach (var push in blocks.SubscribeBlocksAsync(stop))
            {
                if (push is PushesStarted)
                {
                    connected = true;
                    pushed.Started();
                    logger.LogInformation("Indexer subscribed to the node's new blocks and the contract's logs (WebSocket)");
                }
                else
                {
                    pushed.Add(push);
                    if (push is PushedHeader header) status.NoteHead(header.Header);
                    // A block can be committed once its header is in (its logs come first); a log alone
                    // wakes nobody, unless it was taken back.
                    else if (push is not PushedLog { Removed: true }) continue;
                }
                wake.TryWrite(true);
            }
        }
        catch (Exception e) when (connected && e is not NotSupportedException && !stop.IsCancellationRequested)
        {
            return e;
        }
        var ended = new ChainUnavailableException("The node ended its WebSocket subscription.");
        if (connected) return ended;
        throw ended;
    }

    /// <summary>A connection failed or dropped: polling covers the chain until the next one.</summary>
    private void Failed(Exception e)
    {
        check.Invalidate();
        if (pushed.Connected) logger.LogWarning("Indexer's WebSocket subscription dropped ({Message}); polling until it is back", e.Message);
        else logger.LogDebug("Indexer's WebSocket subscription failed: {Message}", e.Message);
        pushed.Stopped();
    }
}
