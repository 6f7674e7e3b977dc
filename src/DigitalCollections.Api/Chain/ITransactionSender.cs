using System.Numerics;

namespace DigitalCollections.Api.Chain;

/// <summary>What a relayer lane asks of the node to send: the fee, its next nonce, and the send itself.</summary>
public interface ITransactionSender
{
    /// <summary>The node's gas price quote, in wei.</summary>
    Task<BigInteger> GetGasPriceAsync(CancellationToken ct);

    /// <summary>The account's transaction count including the node's pending pool: the next free nonce.</summary>
    Task<long> GetPendingNonceAsync(string account, CancellationToken ct);

    /// <summary>eth_sendRawTransaction. Throws <see cref="TransactionRejectedException"/> when the node refuses it.</summary>
    Task SendRawAsync(SignedTransaction transaction, CancellationToken ct);
}
