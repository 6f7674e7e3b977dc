using DigitalCollections.Api.Chain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigitalCollections.Api.ChainInfo;

/// <summary>
/// Ready = the chain answers and is the deployment's: the node's chain id, genesis block and our contract's
/// code (<see cref="ChainIdentityGuard"/>, asked afresh on every probe).
/// </summary>
public sealed class ChainReadinessCheck(ChainIdentityGuard guard, Deployment deployment, Indexing.IndexStatus.Writer index) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var identity = await guard.RefreshAsync(ct);
        if (identity.Match == ChainMatch.Unreachable) return HealthCheckResult.Unhealthy(identity.Reason);

        var data = new Dictionary<string, object> { ["contractAddress"] = deployment.ContractAddress };
        if (identity.Status is { } status)
        {
            data["chainId"] = status.ChainId;
            data["blockNumber"] = status.BlockNumber;
        }
        if (identity.Match == ChainMatch.Reset && guard.ExpectedGenesis is { } expected)
        {
            // Whoever notices first stops index reads at once; the indexer confirms it on its next step.
            index.SetState(Indexing.IndexState.ChainReset, Indexing.IndexStatus.Writer.ResetReason(identity.Status?.GenesisHash, expected));
        }
        return identity.IsOurs ? HealthCheckResult.Healthy(identity.Reason, data) : HealthCheckResult.Unhealthy(identity.Reason, data: data);
    }
}
