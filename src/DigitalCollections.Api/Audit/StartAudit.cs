using DigitalCollections.Api.Chain;

namespace DigitalCollections.Api.Audit;

/// <summary>Each start records the relayers it sends from, for the deployment it serves (addresses only: no key, no RPC URL).</summary>
public static class StartAudit
{
    public const string Actor = "system";

    public static async Task RecordRelayersAsync(IServiceProvider services, CancellationToken ct)
    {
        var deployment = services.GetRequiredService<Deployment>();
        var relayer = services.GetRequiredService<IRelayer>();
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IAuditTrail>().AppendAsync(Actor, AuditActions.RelayersConfigured, new
        {
            chainId = deployment.ChainId,
            contract = deployment.ContractAddress,
            relayers = relayer.RelayerAddresses,
        }, ct);
    }
}
