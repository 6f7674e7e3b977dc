namespace DigitalCollections.Api.ChainInfo;

/// <param name="BlockNumber">The chain's latest block as this API knows it.</param>
/// <param name="BlockTime">That block's timestamp: the time the contract compares deadlines with (block.timestamp).</param>
/// <param name="OffsetSeconds">
/// <see cref="BlockTime"/> minus this server's wall clock. Positive: the chain's clock runs ahead. Negative is
/// usual on a quiet chain (its latest block is older than now; the next one gets the time it is made).
/// </param>
public sealed record ChainClockInfo(long BlockNumber, DateTimeOffset BlockTime, long OffsetSeconds);
