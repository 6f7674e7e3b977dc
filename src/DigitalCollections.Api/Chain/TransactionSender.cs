using System.Numerics;

namespace DigitalCollections.Api.Chain;

/// <summary><see cref="ITransactionSender"/> over the JSON-RPC transport: the lanes' hot path.</summary>
public sealed class TransactionSender(JsonRpcTransport rpc) : ITransactionSender
{
    public async Task<BigInteger> GetGasPriceAsync(CancellationToken ct) =>
        ChainDecoder.BigQuantity((await rpc.CallAsync("eth_gasPrice", [], ct, RpcWait.Short)).GetString());

    public async Task<long> GetPendingNonceAsync(string account, CancellationToken ct) =>
        ChainDecoder.Quantity((await rpc.CallAsync("eth_getTransactionCount", [account, "pending"], ct, RpcWait.Short)).GetString());

    public async Task SendRawAsync(SignedTransaction transaction, CancellationToken ct)
    {
        try
        {
            // A send waits RpcTimeoutSeconds, after which its lane asks the node whether it arrived.
            await rpc.CallAsync("eth_sendRawTransaction", [transaction.RawTransaction], ct, RpcWait.Short);
        }
        catch (Exception e) when (e is JsonRpcException or ContractRevertedException)
        {
            throw new TransactionRejectedException($"The node refused transaction {transaction.Hash}: {e.Message}", e);
        }
    }
}
