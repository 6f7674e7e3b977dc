namespace DigitalCollections.Api.Chain;

/// <summary>Where the chain is and which deployment the API serves (section "Chain").</summary>
public sealed class ChainOptions
{
    public const string SectionName = "Chain";

    /// <summary>Hardhat's chain id: the only chain where the well-known development key may relay.</summary>
    public const long LocalDevelopmentChainId = 31337;

    public string RpcUrl { get; set; } = "http://127.0.0.1:8545";

    /// <summary>
    /// The node's WebSocket endpoint, over which the indexer subscribes to new blocks and the contract's logs
    /// (eth_subscribe) so it follows the chain without polling. Unset: the RPC URL with ws:// or wss://.
    /// "off": poll only.
    /// </summary>
    public string? WebSocketUrl { get; set; }

    /// <summary>The WebSocket URL to use, or null when pushes are off.</summary>
    public Uri? EffectiveWebSocketUrl()
    {
        if (string.Equals(WebSocketUrl, "off", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrWhiteSpace(WebSocketUrl)) return new Uri(WebSocketUrl);
        if (RpcUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return new Uri("ws://" + RpcUrl["http://".Length..]);
        if (RpcUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return new Uri("wss://" + RpcUrl["https://".Length..]);
        return null;
    }

    /// <summary>The file written by scripts/deploy.js. Relative paths resolve against the working directory.</summary>
    public string DeploymentFile { get; set; } = "deployments/localhost.json";

    /// <summary>Overrides the deployment file's address (with <see cref="ChainId"/>), e.g. for a shared network.</summary>
    public string? ContractAddress { get; set; }

    public long? ChainId { get; set; }

    /// <summary>
    /// The hash of the chain's genesis block, with <see cref="ContractAddress"/> (a deployment file names its own).
    /// Unset and not in the file: the genesis seen at the first start is recorded in the database and held to.
    /// </summary>
    public string? GenesisHash { get; set; }

    /// <summary>Block the contract was deployed in: event scans start here.</summary>
    public long? DeployBlock { get; set; }

    /// <summary>The relayer's private key (hex). Secret: never logged. Optional on chain 31337 only.</summary>
    public string? RelayerPrivateKey { get; set; }

    /// <summary>More relayers (comma-separated keys): one send lane each, in parallel. Secret: never logged.</summary>
    public string? RelayerPrivateKeys { get; set; }

    /// <summary>On chain 31337 without configured keys: how many of Hardhat's accounts relay (1–4).</summary>
    public int DevelopmentRelayers { get; set; } = 4;

    /// <summary>Blocks on top of a transaction's block before it counts as confirmed (0 on Hardhat).</summary>
    public int ConfirmationDepth { get; set; }

    /// <summary>How long a write request waits for confirmation before answering 202 with the transaction.</summary>
    public double ConfirmationWaitSeconds { get; set; } = 30;

    /// <summary>How often the confirmation tracker looks for new blocks while transactions are pending.</summary>
    public int PollIntervalMilliseconds { get; set; } = 25;

    /// <summary>How long gas price and gas limit estimates are reused before they are fetched again.</summary>
    public int FeeCacheSeconds { get; set; } = 10;

    /// <summary>
    /// The most writes of one kind a relayer lane sends as one batch transaction (mintWorks,
    /// transferWithAuthorizations): what queued behind its transaction in flight. 1: every write as its own
    /// single call. A lone write always goes as the single call, without waiting for company.
    /// </summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>
    /// A batch's gas limit is the node's estimate of it times this. Unused gas is refunded; a batch that runs
    /// out anyway is split in halves and sent again.
    /// </summary>
    public double BatchGasLimitMargin { get; set; } = 1.5;

    /// <summary>A rejected send is retried (after a nonce resync) this many times before the write fails.</summary>
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>A sent transaction still unmined after this long is replaced (same nonce, gas price +12.5%).</summary>
    public int ReplaceAfterSeconds { get; set; } = 60;

    /// <summary>
    /// The most gas price a relayer signs, in gwei, replacements included: a write never costs more than its gas
    /// limit times this. A quote above it is signed at it.
    /// </summary>
    public decimal MaxGasPriceGwei { get; set; } = 500;

    /// <summary>How long a single receipt lookup for an unconfirmed transaction waits (diagnostics only).</summary>
    public int ReceiptTimeoutSeconds { get; set; } = 60;

    /// <summary>How long a single JSON-RPC call may take before the chain counts as unreachable.</summary>
    public int RpcTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Validity window the API gives the authorisations it signs for custodial accounts, counted from the
    /// chain's clock (its latest block's time) when that runs ahead of the wall clock.
    /// </summary>
    public int CustodialAuthorizationLifetimeSeconds { get; set; } = 3600;

    /// <summary>Readiness reports Degraded while the chain's latest block is stamped more than this far ahead of the wall clock.</summary>
    public int MaxClockOffsetSeconds { get; set; } = 60;
}
