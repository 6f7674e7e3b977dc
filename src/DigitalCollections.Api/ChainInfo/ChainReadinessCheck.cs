using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalCollections.Api.ChainInfo;

/// <summary>Ready = the chain answers, is the configured chain, and still holds our deployment.</summary>
public sealed class ChainReadinessCheck(IChainGateway chain, Indexing.IndexStatus index) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        ChainStatus status;
        try
        {
            status = await chain.GetStatusAsync(ct);
        }
        catch (ChainUnavailableException e)
        {
            return HealthCheckResult.Unhealthy($"The chain at the configured RPC URL is unreachable: {e.Message}");
        }

        var deployment = chain.Deployment;
        var data = new Dictionary<string, object>
        {
            ["chainId"] = status.ChainId,
            ["blockNumber"] = status.BlockNumber,
            ["contractAddress"] = deployment.ContractAddress,
        };
        if (status.ChainId != deployment.ChainId)
            return HealthCheckResult.Unhealthy($"The node serves chain {status.ChainId}, the deployment is on chain {deployment.ChainId}.", data: data);
        if (!status.ContractCodePresent)
            return HealthCheckResult.Unhealthy($"No contract code at {deployment.ContractAddress}: deploy it (scripts/start.sh does).", data: data);
        // A restarted Hardhat node keeps chain id and deploy address: only the genesis hash tells it apart.
        if (deployment.GenesisHash is not null && !string.Equals(deployment.GenesisHash, status.GenesisHash, StringComparison.OrdinalIgnoreCase))
        {
            // Whoever notices first stops index reads at once; the indexer confirms it on its next step.
            index.SetState(Indexing.IndexState.ChainReset, Indexing.IndexStatus.ResetReason(status.GenesisHash, deployment.GenesisHash));
            return HealthCheckResult.Unhealthy(
                $"The chain was reset: its genesis block is {status.GenesisHash}, the deployment was made on {deployment.GenesisHash}. Redeploy.", data: data);
        }
        return HealthCheckResult.Healthy("Chain reachable, chain id and deployment match.", data);
    }
}

/// <summary>Ready = the index follows this chain; reports its lag in blocks. Unready after a chain reset.</summary>
public sealed class IndexReadinessCheck(Indexing.IndexStatus index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var data = new Dictionary<string, object>
        {
            ["state"] = index.State.ToString(),
            ["blockNumber"] = index.CheckpointBlock,
            ["lagBlocks"] = index.LagBlocks,
        };
        return Task.FromResult(index.State switch
        {
            Indexing.IndexState.ChainReset => HealthCheckResult.Unhealthy(index.Reason ?? "The chain was reset.", data: data),
            Indexing.IndexState.Following => HealthCheckResult.Healthy($"The index follows the chain, {index.LagBlocks} block(s) behind.", data),
            _ => HealthCheckResult.Degraded($"The index is {index.State}: {index.Reason ?? "catching up"}.", data: data),
        });
    }
}
