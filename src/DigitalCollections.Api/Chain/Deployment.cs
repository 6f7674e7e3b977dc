using System.Text.Json;

namespace DigitalCollections.Api.Chain;

/// <summary>The deployment the API serves, resolved once at start-up without touching the chain.</summary>
public sealed record Deployment(
    long ChainId,
    string ContractAddress,
    long DeployBlock,
    string? GenesisHash,
    IReadOnlyList<string> RelayerPrivateKeys)
{
    // Hardhat's first well-known account. Public knowledge, so only ever used on chain 31337.
    internal const string HardhatDevelopmentKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>
    /// The development relayer pool on chain 31337: Hardhat accounts #0, #17, #18 and #19 (scripts/deploy.js
    /// grants each MINTER_ROLE). #1–#16 stay free for creators and collectors, so a test or a person sending
    /// from them never races a relayer lane for a nonce.
    /// </summary>
    internal static readonly string[] HardhatDevelopmentRelayerKeys =
    [
        HardhatDevelopmentKey,
        "0x689af8efa8c651a91ad287602527f3af2fe9f6501a7ac4b061667b5a93e037fd",
        "0xde9be858da4a475276426320d5e9262ecfc3ba460bfac56360bfa6c4c28b4ee0",
        "0xdf57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e",
    ];

    /// <summary>The first relayer's key (the pool's first lane).</summary>
    public string RelayerPrivateKey => RelayerPrivateKeys[0];

    /// <summary>Identifies data that belongs to this deployment (a restarted Hardhat chain gets a new genesis).</summary>
    public string Key => $"{ChainId}:{ContractAddress.ToLowerInvariant()}:{GenesisHash ?? "-"}";

    public static Deployment Resolve(ChainOptions options, string contentRoot)
    {
        long? chainId = options.ChainId;
        string? address = options.ContractAddress;
        long? deployBlock = options.DeployBlock;
        string? genesisHash = options.GenesisHash;

        var file = Path.IsPathRooted(options.DeploymentFile)
            ? options.DeploymentFile
            : Path.GetFullPath(options.DeploymentFile, contentRoot);
        if (address is null)
        {
            if (!File.Exists(file))
                throw new InvalidOperationException(
                    $"No deployment file at '{file}'. Run scripts/start.sh (it deploys the contract), " +
                    "or set Chain__DeploymentFile, or set Chain__ContractAddress and Chain__ChainId.");
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            address = root.GetProperty("contractAddress").GetString();
            chainId ??= root.GetProperty("chainId").GetInt64();
            deployBlock ??= root.TryGetProperty("deployBlock", out var b) ? b.GetInt64() : 0;
            genesisHash ??= root.TryGetProperty("genesisHash", out var g) ? g.GetString() : null;
        }

        if (chainId is null)
            throw new InvalidOperationException("Chain__ChainId is required when Chain__ContractAddress is set.");
        if (!Formats.IsAddress(address))
            throw new InvalidOperationException($"Contract address '{address}' is not a 0x-prefixed 20-byte hex address.");

        var keys = RelayerKeys(options, chainId.Value);
        return new Deployment(chainId.Value, address!, deployBlock ?? 0, genesisHash, keys);
    }

    /// <summary>
    /// The relayer pool: Chain:RelayerPrivateKeys (comma-separated) and/or Chain:RelayerPrivateKey. Without
    /// either, chain 31337 uses <see cref="Chain.ChainOptions.DevelopmentRelayers"/> of Hardhat's well-known
    /// accounts; any other chain refuses to start.
    /// </summary>
    private static IReadOnlyList<string> RelayerKeys(ChainOptions options, long chainId)
    {
        var configured = (options.RelayerPrivateKeys ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Prepend(options.RelayerPrivateKey?.Trim() ?? "")
            .Where(k => k.Length > 0)
            .ToList();
        if (configured.Count == 0)
        {
            if (chainId != ChainOptions.LocalDevelopmentChainId)
                throw new InvalidOperationException(
                    $"Chain {chainId} needs a relayer key: set Chain__RelayerPrivateKey or Chain__RelayerPrivateKeys. " +
                    $"The development keys are only used on chain {ChainOptions.LocalDevelopmentChainId}.");
            var count = Math.Clamp(options.DevelopmentRelayers, 1, HardhatDevelopmentRelayerKeys.Length);
            return HardhatDevelopmentRelayerKeys[..count];
        }
        for (var i = 0; i < configured.Count; i++)
        {
            // Say which entry is wrong without echoing the secret.
            if (!Formats.IsPrivateKey(configured[i]))
                throw new InvalidOperationException($"Relayer key #{i + 1} (Chain__RelayerPrivateKey/Chain__RelayerPrivateKeys) is not a 32-byte hex key.");
        }
        var distinct = configured.Select(k => k.ToLowerInvariant().Replace("0x", "")).Distinct().Count();
        if (distinct != configured.Count)
            throw new InvalidOperationException("The relayer keys contain the same key twice: each lane needs its own account.");
        return configured;
    }

    public override string ToString() => $"Deployment {{ ChainId = {ChainId}, ContractAddress = {ContractAddress} }}";
}
