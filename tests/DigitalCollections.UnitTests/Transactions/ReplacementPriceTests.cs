using System.Numerics;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Transactions;

/// <summary>A transaction pending too long is replaced at the same nonce: at least +10%, never past the cap.</summary>
public sealed class ReplacementPriceTests
{
    private static readonly BigInteger Gwei = 1_000_000_000;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(1_000_000_000)]
    [InlineData(1_875_000_001)]
    public void A_replacement_pays_at_least_ten_percent_more(long signed)
    {
        var price = FeeCache.ReplacementPrice(signed, 0, 1000 * Gwei)!.Value;
        Assert.True(price * 10 >= signed * 11, $"{price} is less than 110% of {signed}");
    }

    [Fact]
    public void A_higher_quote_is_taken_up_to_the_cap()
    {
        Assert.Equal(5 * Gwei, FeeCache.ReplacementPrice(Gwei, 5 * Gwei, 10 * Gwei));
        Assert.Equal(10 * Gwei, FeeCache.ReplacementPrice(Gwei, 50 * Gwei, 10 * Gwei));
    }

    [Fact]
    public void At_the_cap_there_is_no_replacement()
    {
        Assert.Null(FeeCache.ReplacementPrice(10 * Gwei, 0, 10 * Gwei));
        Assert.Null(FeeCache.ReplacementPrice(95 * Gwei / 10, 0, 10 * Gwei)); // +12.5% would pass the cap
    }

    [Fact]
    public void The_cap_is_configured_in_gwei_and_bounds_every_signed_price()
    {
        var options = Options.Create(new ChainOptions { MaxGasPriceGwei = 2.5m });
        var fees = new FeeCache(new FakeContractReader(), new FakeTransactionSender(), options, TimeProvider.System);
        Assert.Equal(2_500_000_000, fees.MaxGasPrice);
        Assert.Equal(500, new ChainOptions().MaxGasPriceGwei);
        Assert.Equal(60, new ChainOptions().ReplaceAfterSeconds);
    }
}
