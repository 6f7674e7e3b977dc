namespace DigitalCollections.Api.Chain;

/// <summary>The node's pushes of new blocks and of the contract's logs.</summary>
public interface IBlockSource
{
    /// <summary>
    /// The pushes in the order the node sent them: first <see cref="PushesStarted"/>, then each block's logs and
    /// header. Ends with an exception when the connection drops; <see cref="NotSupportedException"/> when pushes
    /// are off or the node has none.
    /// </summary>
    IAsyncEnumerable<ChainPush> SubscribeBlocksAsync(CancellationToken ct);
}
