using System.Numerics;
using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// Gas price and the mint gas limit, fetched once per <see cref="ChainOptions.FeeCacheSeconds"/> instead of
/// per transaction. Concurrent callers share one refresh.
/// </summary>
public sealed class FeeCache(IContractReader contract, ITransactionSender sender, IOptions<ChainOptions> options, TimeProvider clock)
{
    /// <summary>Head-room over an estimate: unused gas is refunded, running out reverts.</summary>
    private const double GasLimitMargin = 1.5;

    /// <summary>The highest gas price a relayer signs (<see cref="ChainOptions.MaxGasPriceGwei"/>), in wei.</summary>
    public BigInteger MaxGasPrice { get; } = new(Math.Max(0m, options.Value.MaxGasPriceGwei) * 1_000_000_000m);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(Math.Max(1, options.Value.FeeCacheSeconds));
    private (BigInteger Value, DateTimeOffset At)? _gasPrice;
    private (long Value, DateTimeOffset At)? _mintGasLimit;

    /// <summary>The gas limit to sign for an estimate: unused gas is refunded, running out reverts.</summary>
    public static long GasLimitFor(long estimate) => (long)(estimate * GasLimitMargin);

    public async Task<BigInteger> GetGasPriceAsync(CancellationToken ct)
    {
        if (_gasPrice is { } cached && clock.GetUtcNow() - cached.At < _ttl) return cached.Value;
        await _refresh.WaitAsync(ct);
        try
        {
            if (_gasPrice is { } again && clock.GetUtcNow() - again.At < _ttl) return again.Value;
            var price = await sender.GetGasPriceAsync(ct);
            // A little above the quote so a rising base fee does not strand a cached price.
            price += price / 8;
            if (price > MaxGasPrice) price = MaxGasPrice;
            _gasPrice = (price, clock.GetUtcNow());
            return price;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// The gas price that replaces a transaction signed at <paramref name="signed"/>: at least 1/8 more (nodes
    /// take a replacement only at +10% or more), or today's quote if higher; null when that passes
    /// <paramref name="cap"/>: the transaction then waits at its price.
    /// </summary>
    public static BigInteger? ReplacementPrice(BigInteger signed, BigInteger quote, BigInteger cap)
    {
        var bumped = signed + BigInteger.Max(1, (signed + 7) / 8);
        if (quote > bumped) bumped = BigInteger.Min(quote, cap);
        return bumped <= cap ? bumped : null;
    }

    /// <summary>Forget the gas price (after the node refused a send, e.g. as underpriced).</summary>
    public void InvalidateGasPrice() => _gasPrice = null;

    /// <summary>
    /// The gas limit of a batch call: the node's estimate of this very call (its items' signatures, wallets and
    /// storage differ) times <see cref="ChainOptions.BatchGasLimitMargin"/>. Throws <see cref="ContractRevertedException"/>
    /// when the batch as a whole would revert.
    /// </summary>
    public async Task<long> GetBatchGasLimitAsync(string from, string callData, CancellationToken ct) =>
        (long)(await contract.EstimateGasAsync(from, callData, ct) * Math.Max(0.01, options.Value.BatchGasLimitMargin));

    /// <summary>
    /// The gas limit for a plain (EOA-signed) mint. When the cache is stale, <paramref name="callData"/> is
    /// estimated as a sample: a mint's cost varies by a few storage slots, far inside the margin.
    /// </summary>
    public async Task<long> GetMintGasLimitAsync(string from, string callData, CancellationToken ct)
    {
        if (_mintGasLimit is { } cached && clock.GetUtcNow() - cached.At < _ttl * 6) return cached.Value;
        var estimate = await contract.EstimateGasAsync(from, callData, ct);
        var limit = GasLimitFor(estimate);
        _mintGasLimit = (limit, clock.GetUtcNow());
        return limit;
    }
}
