namespace DigitalCollections.Api.Chain;

/// <summary>Everything the API asks of the chain. The only implementation speaks Nethereum.</summary>
public interface IChainGateway
{
    Deployment Deployment { get; }

    /// <summary>The first relayer account (pays gas, holds MINTER_ROLE).</summary>
    string RelayerAddress { get; }

    /// <summary>Every relayer in the pool, one send lane each.</summary>
    IReadOnlyList<string> RelayerAddresses { get; }

    Task<SigningDomain> GetSigningDomainAsync(CancellationToken ct);

    Task<ChainStatus> GetStatusAsync(CancellationToken ct);

    Task<bool> HasCodeAsync(string address, CancellationToken ct);

    /// <summary>The token registered for a content hash, or 0.</summary>
    Task<long> TokenOfContentAsync(string contentHash, CancellationToken ct);

    /// <summary>The chain's facts about a token, or null when it does not exist.</summary>
    Task<OnChainWork?> GetWorkAsync(long tokenId, CancellationToken ct);

    /// <summary>tokenURI(tokenId), built from a cached base URI (refetched after <see cref="ChainOptions.FeeCacheSeconds"/>).</summary>
    Task<string> GetTokenUriAsync(long tokenId, CancellationToken ct);

    /// <summary>ABI-encoded call data of mintWork (0x hex).</summary>
    string EncodeMint(MintAuthorization authorization, string signature);

    /// <summary>ABI-encoded call data of transferWithAuthorization (0x hex).</summary>
    string EncodeTransfer(TransferAuthorization authorization, string signature);

    /// <summary>
    /// Dry run: estimates the call's gas as <paramref name="from"/>. The estimate executes the contract, so a
    /// revert surfaces here as a decoded <see cref="ContractRevertedException"/> before anything is signed.
    /// </summary>
    Task<long> EstimateGasAsync(string from, string callData, CancellationToken ct);

    Task<System.Numerics.BigInteger> GetGasPriceAsync(CancellationToken ct);

    /// <summary>The account's transaction count including the node's pending pool: the next free nonce.</summary>
    Task<long> GetPendingNonceAsync(string account, CancellationToken ct);

    /// <summary>Signs a call to the contract as one of the pool's relayers (no I/O).</summary>
    SignedTransaction SignCall(string relayer, long nonce, long gasLimit, System.Numerics.BigInteger gasPrice, string callData);

    /// <summary>eth_sendRawTransaction. Throws <see cref="TransactionRejectedException"/> when the node refuses it.</summary>
    Task SendRawAsync(SignedTransaction transaction, CancellationToken ct);

    /// <summary>Whether the node knows the transaction (pending or mined).</summary>
    Task<bool> IsKnownTransactionAsync(string transactionHash, CancellationToken ct);

    /// <summary>The transaction's mined outcome, or null while it is not mined.</summary>
    Task<MinedTransaction?> GetMinedTransactionAsync(string transactionHash, CancellationToken ct);

    Task<long> GetBlockNumberAsync(CancellationToken ct);

    /// <summary>The header of the chain's latest block (eth_getBlockByNumber "latest").</summary>
    Task<BlockHeader> GetLatestBlockHeaderAsync(CancellationToken ct);

    Task<DateTimeOffset> GetBlockTimeAsync(string blockHash, long blockNumber, CancellationToken ct);

    /// <summary>The contract's WorkRegistered and Transfer logs in a block range, decoded, in chain order.</summary>
    Task<IReadOnlyList<ContractLog>> GetContractLogsAsync(long fromBlock, long toBlock, CancellationToken ct);

    /// <summary>Block headers by number, fetched in JSON-RPC batches; a number past the head is left out.</summary>
    Task<IReadOnlyList<BlockHeader>> GetBlockHeadersAsync(IReadOnlyCollection<long> numbers, CancellationToken ct);

    /// <summary>A few block headers (past the head left out) and the head's number, in one JSON-RPC batch.</summary>
    Task<(IReadOnlyList<BlockHeader> Headers, long Head)> GetBlockHeadersAndHeadAsync(IReadOnlyCollection<long> numbers, CancellationToken ct);

    /// <summary>
    /// <see cref="GetContractLogsAsync"/> and the header of every block of the range, in one JSON-RPC batch:
    /// for a short range (a follower's step), one round trip instead of two.
    /// </summary>
    Task<(IReadOnlyList<ContractLog> Logs, IReadOnlyList<BlockHeader> Headers)> GetContractLogsWithHeadersAsync(long fromBlock, long toBlock, CancellationToken ct);

    /// <summary>
    /// The node's pushes over WebSocket (eth_subscribe newHeads and the contract's logs), in the order the node
    /// sent them: first <see cref="PushesStarted"/>, then each block's logs and header. Ends with an exception
    /// when the connection drops; <see cref="NotSupportedException"/> when pushes are off or the node has none.
    /// </summary>
    IAsyncEnumerable<ChainPush> SubscribeBlocksAsync(CancellationToken ct);

    /// <summary>Replays a call at the latest state to learn why it reverts (null when it does not now).</summary>
    Task<ContractError?> ExplainRevertAsync(string from, string callData, CancellationToken ct);

    /// <summary>The token's Transfer events, oldest first, with their blocks' timestamps.</summary>
    Task<IReadOnlyList<OwnershipEvent>> GetOwnershipEventsAsync(long tokenId, CancellationToken ct);
}

public sealed record ChainStatus(long ChainId, long BlockNumber, string GenesisHash, bool ContractCodePresent);

public sealed record OnChainWork(
    long TokenId,
    string Creator,
    string Owner,
    string ContentHash,
    DateTimeOffset RegisteredAt,
    int RoyaltyBps,
    long TransferNonce,
    string TokenUri);

/// <summary>A relayer-signed transaction: the raw bytes to send and their hash. Holds no secret.</summary>
public sealed record SignedTransaction(string Relayer, long Nonce, string RawTransaction, string Hash);

/// <summary>A mined transaction as the contract's logs (or its receipt) tell it.</summary>
/// <param name="Succeeded">False when it reverted.</param>
/// <param name="MintedTokenId">The WorkRegistered token, for a mint.</param>
/// <param name="BlockTimestampUnix">The block's time when it came with the logs (saves a header lookup), else null.</param>
/// <param name="TransactionHash">The transaction.</param>
/// <param name="BlockNumber">The block it was mined in.</param>
/// <param name="BlockHash">That block's hash.</param>
public sealed record MinedTransaction(
    string TransactionHash,
    long BlockNumber,
    string BlockHash,
    bool Succeeded,
    long? MintedTokenId,
    long? BlockTimestampUnix = null)
{
    /// <summary>
    /// The contract's logs grouped by transaction: each one that emitted a log succeeded. A header of the same
    /// block (same hash) gives the block's time.
    /// </summary>
    public static IEnumerable<MinedTransaction> FromLogs(IEnumerable<ContractLog> logs, IReadOnlyDictionary<long, BlockHeader>? headers = null) =>
        logs.GroupBy(l => l.TransactionHash, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var first = g.First();
                var header = headers?.GetValueOrDefault(first.BlockNumber);
                var time = header is not null && string.Equals(header.Hash, first.BlockHash, StringComparison.OrdinalIgnoreCase)
                    ? header.TimestampUnix
                    : (long?)null;
                return new MinedTransaction(g.Key, first.BlockNumber, first.BlockHash, true,
                    g.FirstOrDefault(l => l.Kind == ContractLogKind.WorkRegistered)?.TokenId, time);
            });
}

public sealed record OwnershipEvent(
    string From,
    string To,
    long BlockNumber,
    string BlockHash,
    DateTimeOffset Timestamp,
    string TransactionHash,
    long LogIndex)
{
    public bool IsMint => Formats.IsZeroAddress(From);
}

public sealed record BlockHeader(long Number, string Hash, string ParentHash, long TimestampUnix);

/// <summary>Something the node pushed over its WebSocket subscription.</summary>
public abstract record ChainPush;

/// <summary>Both subscriptions are in place: pushes from here on are complete.</summary>
public sealed record PushesStarted : ChainPush;

/// <summary>A new block's header; <paramref name="MayHaveContractLogs"/> is its logs bloom's answer for the contract's address.</summary>
public sealed record PushedHeader(BlockHeader Header, bool MayHaveContractLogs) : ChainPush;

/// <summary>One of the contract's logs. <paramref name="Removed"/>: the node took it back (a reorganisation).</summary>
public sealed record PushedLog(ContractLog Log, bool Removed) : ChainPush;

/// <summary>A decoded event of the contract. Mint/transfer: <see cref="From"/>/<see cref="To"/>; registration: creator and content.</summary>
public sealed record ContractLog(
    ContractLogKind Kind,
    long TokenId,
    string? From,
    string? To,
    string? Creator,
    string? ContentHash,
    long BlockNumber,
    string BlockHash,
    long LogIndex,
    string TransactionHash);

public enum ContractLogKind { Transfer, WorkRegistered }
