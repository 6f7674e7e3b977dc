using System.Threading.Channels;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Keeps a WebSocket subscription to the node's new blocks and the contract's logs, into <see cref="PushedBlocks"/>,
/// so the index follows the chain as it is pushed instead of asking for it. Reconnects after a drop; a node
/// without subscriptions (or Chain:WebSocketUrl=off) leaves the index polling.
/// </summary>
internal sealed class PushSubscription(
    IBlockSource blocks,
    PushedBlocks pushed,
    IndexStatus.Writer status,
    ChainResetCheck check,
    ChannelWriter<bool> wake,
    TimeProvider clock,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stop)
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
                        pushed.Started();
                        retry = TimeSpan.FromSeconds(1);
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
            catch (NotSupportedException e)
            {
                pushed.Stopped();
                logger.LogInformation("Indexer polls the chain: {Reason}", e.Message);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                check.Invalidate();
                if (pushed.Connected) logger.LogWarning("Indexer's WebSocket subscription dropped ({Message}); polling until it is back", e.Message);
                else logger.LogDebug("Indexer's WebSocket subscription failed: {Message}", e.Message);
            }
            pushed.Stopped();
            try { await Task.Delay(retry, clock, stop); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            retry = TimeSpan.FromSeconds(Math.Min(10, retry.TotalSeconds * 2));
        }
        pushed.Stopped();
    }
}
