namespace DigitalCollections.Api.Chain;

/// <summary>Reads of the chain itself: the node's status, blocks, the contract's logs and transactions' receipts.</summary>
public interface IChainReader
{
    /// <summary>Chain id, head, genesis and whether the contract has code, in one round trip.</summary>
    Task<ChainStatus> GetStatusAsync(CancellationToken ct);

    Task<bool> HasCodeAsync(string address, CancellationToken ct);

    Task<long> GetBlockNumberAsync(CancellationToken ct);

    /// <summary>The header of the chain's latest block (eth_getBlockByNumber "latest").</summary>
    Task<BlockHeader> GetLatestBlockHeaderAsync(CancellationToken ct);

    Task<DateTimeOffset> GetBlockTimeAsync(string blockHash, long blockNumber, CancellationToken ct);

    /// <summary>Block headers by number, fetched in JSON-RPC batches; a number past the head is left out.</summary>
    Task<IReadOnlyList<BlockHeader>> GetBlockHeadersAsync(IReadOnlyCollection<long> numbers, CancellationToken ct);

    /// <summary>A few block headers (past the head left out) and the head's number, in one JSON-RPC batch.</summary>
    Task<(IReadOnlyList<BlockHeader> Headers, long Head)> GetBlockHeadersAndHeadAsync(IReadOnlyCollection<long> numbers, CancellationToken ct);

    /// <summary>The contract's WorkRegistered and Transfer logs in a block range, decoded, in chain order.</summary>
    Task<IReadOnlyList<ContractLog>> GetContractLogsAsync(long fromBlock, long toBlock, CancellationToken ct);

    /// <summary>
    /// <see cref="GetContractLogsAsync"/> and the header of every block of the range, in one JSON-RPC batch:
    /// for a short range (a follower's step), one round trip instead of two.
    /// </summary>
    Task<(IReadOnlyList<ContractLog> Logs, IReadOnlyList<BlockHeader> Headers)> GetContractLogsWithHeadersAsync(long fromBlock, long toBlock, CancellationToken ct);

    /// <summary>The token's Transfer events, oldest first, with their blocks' timestamps.</summary>
    Task<IReadOnlyList<OwnershipEvent>> GetOwnershipEventsAsync(long tokenId, CancellationToken ct);

    /// <summary>Whether the node knows the transaction (pending or mined).</summary>
    Task<bool> IsKnownTransactionAsync(string transactionHash, CancellationToken ct);

    /// <summary>The transaction's mined outcome, or null while it is not mined.</summary>
    Task<MinedTransaction?> GetMinedTransactionAsync(string transactionHash, CancellationToken ct);

    /// <summary>A mined batch call's items as its receipt's logs tell them (skipped items included), or null while it is not mined.</summary>
    Task<BatchLogs?> GetBatchLogsAsync(string transactionHash, CancellationToken ct);
}
