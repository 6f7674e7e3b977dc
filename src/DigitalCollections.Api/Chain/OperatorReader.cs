namespace DigitalCollections.Api.Chain;

/// <summary>
/// The contract's state an operator action depends on: who holds a role, whether the collection is paused,
/// its minimum hold. Read at the latest block, never cached: an operator may act outside this API too.
/// </summary>
public sealed class OperatorReader(JsonRpcTransport rpc, Deployment deployment)
{
    public async Task<bool> HasRoleAsync(byte[] role, string account, CancellationToken ct) =>
        !ChainDecoder.UIntAt(await ViewAsync(OperatorEncoding.HasRoleCallData(role, account), ct), 0).IsZero;

    public async Task<bool> IsPausedAsync(CancellationToken ct) =>
        !ChainDecoder.UIntAt(await ViewAsync(OperatorEncoding.PausedCallData(), ct), 0).IsZero;

    public async Task<long> MinimumHoldAsync(CancellationToken ct) =>
        (long)ChainDecoder.UIntAt(await ViewAsync(OperatorEncoding.MinimumHoldCallData(), ct), 0);

    private async Task<string> ViewAsync(string callData, CancellationToken ct)
    {
        var hex = (await rpc.CallAsync("eth_call", [new { to = deployment.ContractAddress, data = callData }, "latest"], ct, RpcWait.Short)).GetString();
        if (hex is not { Length: > 2 })
            throw new ChainIdentityException(ChainIdentityException.ChainReset,
                $"The node's chain answers no contract at {ChainKeys.Checksum(deployment.ContractAddress)}: the chain was reset or the RPC URL points at another chain.");
        return hex[2..];
    }
}
