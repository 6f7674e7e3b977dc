using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;

namespace DigitalCollections.Api.Chain;

/// <summary><see cref="IRelayer"/> over the deployment's relayer keys; the keys never leave this class.</summary>
public sealed class Relayer : IRelayer
{
    private readonly Deployment _deployment;
    // Relayer keys by address (any case).
    private readonly Dictionary<string, SigningKey> _keys = new(StringComparer.OrdinalIgnoreCase);

    public Relayer(Deployment deployment, ILogger<Relayer> logger)
    {
        _deployment = deployment;
        var addresses = new List<string>();
        foreach (var privateKey in deployment.RelayerPrivateKeys)
        {
            var key = new EthECKey(privateKey);
            var address = ChainKeys.Checksum(key.GetPublicAddress());
            _keys[address] = Secp256k1.ParsePrivateKey(key.GetPrivateKeyAsBytes());
            addresses.Add(address);
        }
        RelayerAddresses = addresses;
        RelayerAddress = addresses[0];
        logger.LogInformation("Signatures: {Implementation}", Secp256k1.Implementation);
    }

    public string RelayerAddress { get; }

    public IReadOnlyList<string> RelayerAddresses { get; }

    public SignedTransaction SignCall(string relayer, long nonce, long gasLimit, BigInteger gasPrice, string callData)
    {
        if (!_keys.TryGetValue(relayer, out var key))
            throw new InvalidOperationException($"{relayer} is not one of this API's relayers.");
        // Legacy (type 0) with EIP-155 replay protection: one fee field to cache, accepted by every EVM chain.
        // Secp256k1 signs exactly as Nethereum's LegacyTransactionSigner would, over 100x faster and without its garbage.
        var (raw, hash) = Secp256k1.SignLegacyTransaction(key, _deployment.ChainId, nonce, gasPrice, gasLimit,
            _deployment.ContractAddress, BigInteger.Zero, Formats.FromHex(callData));
        return new SignedTransaction(ChainKeys.Checksum(relayer), nonce, raw.ToHex(true), hash.ToHex(true));
    }
}
