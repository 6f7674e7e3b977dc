using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalCollections.Api.ChainInfo;

/// <summary>Ready = the index follows this chain; reports its lag in blocks. Unready after a chain reset.</summary>
public sealed class IndexReadinessCheck(Indexing.IndexStatus index, ChainIdentityGuard guard) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var data = new Dictionary<string, object>
        {
            ["state"] = index.State.ToString(),
            ["blockNumber"] = index.CheckpointBlock,
            ["lagBlocks"] = index.LagBlocks,
        };
        // Following a chain that is not the deployment's (another chain id, no contract) is not healthy.
        if (guard.Last is { Match: ChainMatch.WrongChain or ChainMatch.ContractMissing or ChainMatch.Reset } foreign)
            return Task.FromResult(HealthCheckResult.Unhealthy($"The index does not follow the deployment's chain: {foreign.Reason}", data: data));
        return Task.FromResult(index.State switch
        {
            Indexing.IndexState.ChainReset => HealthCheckResult.Unhealthy(index.Reason ?? "The chain was reset.", data: data),
            Indexing.IndexState.Following => HealthCheckResult.Healthy($"The index follows the chain, {index.LagBlocks} block(s) behind.", data),
            _ => HealthCheckResult.Degraded($"The index is {index.State}: {index.Reason ?? "catching up"}.", data: data),
        });
    }
}
