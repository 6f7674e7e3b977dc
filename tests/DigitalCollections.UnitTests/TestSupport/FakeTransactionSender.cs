using System.Collections.Concurrent;
using System.Numerics;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>An <see cref="ITransactionSender"/> for tests: a fixed gas price, a settable pending nonce, and the sends it saw.</summary>
internal sealed class FakeTransactionSender : ITransactionSender
{
    public BigInteger GasPrice { get; set; } = 1_000_000_000;
    public long PendingNonce { get; set; }
    public ConcurrentQueue<SignedTransaction> Sent { get; } = new();

    public Task<BigInteger> GetGasPriceAsync(CancellationToken ct) => Task.FromResult(GasPrice);
    public Task<long> GetPendingNonceAsync(string account, CancellationToken ct) => Task.FromResult(PendingNonce);

    public Task SendRawAsync(SignedTransaction transaction, CancellationToken ct)
    {
        Sent.Enqueue(transaction);
        return Task.CompletedTask;
    }
}
