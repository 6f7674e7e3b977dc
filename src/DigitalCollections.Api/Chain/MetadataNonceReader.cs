namespace DigitalCollections.Api.Chain;

/// <summary>
/// metadataNonce(tokenId) at the latest block, never cached: a change announced outside this API moves it too.
/// Null when the token does not exist.
/// </summary>
public sealed class MetadataNonceReader(JsonRpcTransport rpc, Deployment deployment)
{
    public async Task<long?> NonceAsync(long tokenId, CancellationToken ct)
    {
        string? hex;
        try
        {
            hex = (await rpc.CallAsync("eth_call",
                [new { to = deployment.ContractAddress, data = MetadataChangeEncoding.MetadataNonceCallData(tokenId) }, "latest"],
                ct, RpcWait.Short)).GetString();
        }
        catch (ContractRevertedException e) when (e.Error.Name == "ERC721NonexistentToken")
        {
            return null;
        }
        if (hex is not { Length: > 2 })
            throw new ChainIdentityException(ChainIdentityException.ChainReset,
                $"The node's chain answers no contract at {ChainKeys.Checksum(deployment.ContractAddress)}: the chain was reset or the RPC URL points at another chain.");
        return (long)ChainDecoder.UIntAt(hex[2..], 0);
    }
}
