using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.ChainInfo;

/// <summary>
/// Degraded (still ready) while the chain's clock runs more than Chain:MaxClockOffsetSeconds ahead of this
/// server's: wallets sign deadlines by the wall clock, and the contract refuses one the chain's clock has passed.
/// A chain behind the wall clock is not flagged: on a quiet chain the latest block is simply old.
/// </summary>
public sealed class ChainClockCheck(ChainClock chainClock, IOptions<ChainOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        ChainClockInfo info;
        try
        {
            info = await chainClock.ReadAsync(ct);
        }
        catch (ChainUnavailableException)
        {
            return HealthCheckResult.Healthy("The chain's clock is not known while the chain is unreachable (see the chain check).");
        }
        var limit = options.Value.MaxClockOffsetSeconds;
        var data = new Dictionary<string, object>
        {
            ["blockNumber"] = info.BlockNumber,
            ["blockTime"] = info.BlockTime,
            ["offsetSeconds"] = info.OffsetSeconds,
            ["maxOffsetSeconds"] = limit,
        };
        if (info.OffsetSeconds > limit)
            return HealthCheckResult.Degraded(
                $"The chain's clock runs {info.OffsetSeconds} s ahead of this server's (block {info.BlockNumber} is stamped {info.BlockTime:u}; " +
                $"Chain:MaxClockOffsetSeconds is {limit}). Deadlines signed by the wall clock less than that far ahead are refused as expired; " +
                "deadlines this API sets count from the chain's clock. On a Hardhat node, allowBlocksWithSameTimestamp keeps the clocks together.",
                data: data);
        return HealthCheckResult.Healthy($"The chain's clock is {info.OffsetSeconds} s from this server's.", data);
    }
}
