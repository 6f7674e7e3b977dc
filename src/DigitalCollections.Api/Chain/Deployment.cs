using System.Text.Json;

namespace DigitalCollections.Api.Chain;

/// <summary>The deployment the API serves, resolved once at start-up without touching the chain.</summary>
public sealed record Deployment(
    long ChainId,
    string ContractAddress,
    long DeployBlock,
    string? GenesisHash,
    string RelayerPrivateKey)
{
    // Hardhat's first well-known account. Public knowledge, so only ever used on chain 31337.
    internal const string HardhatDevelopmentKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>Identifies data that belongs to this deployment (a restarted Hardhat chain gets a new genesis).</summary>
    public string Key => $"{ChainId}:{ContractAddress.ToLowerInvariant()}:{GenesisHash ?? "-"}";

    public static Deployment Resolve(ChainOptions options, string contentRoot)
    {
        long? chainId = options.ChainId;
        string? address = options.ContractAddress;
        long? deployBlock = options.DeployBlock;
        string? genesisHash = null;

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
            genesisHash = root.TryGetProperty("genesisHash", out var g) ? g.GetString() : null;
        }

        if (chainId is null)
            throw new InvalidOperationException("Chain__ChainId is required when Chain__ContractAddress is set.");
        if (!Formats.IsAddress(address))
            throw new InvalidOperationException($"Contract address '{address}' is not a 0x-prefixed 20-byte hex address.");

        var key = options.RelayerPrivateKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            if (chainId != ChainOptions.LocalDevelopmentChainId)
                throw new InvalidOperationException(
                    $"Chain {chainId} needs a relayer key: set Chain__RelayerPrivateKey. " +
                    $"The development key is only used on chain {ChainOptions.LocalDevelopmentChainId}.");
            key = HardhatDevelopmentKey;
        }
        else if (!Formats.IsPrivateKey(key))
        {
            // Say what is wrong without echoing the secret.
            throw new InvalidOperationException("Chain__RelayerPrivateKey is not a 32-byte hex key.");
        }

        return new Deployment(chainId.Value, address!, deployBlock ?? 0, genesisHash, key);
    }

    public override string ToString() => $"Deployment {{ ChainId = {ChainId}, ContractAddress = {ContractAddress} }}";
}
