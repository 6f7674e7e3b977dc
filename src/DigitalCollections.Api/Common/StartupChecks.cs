using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.Common;

/// <summary>
/// Before the first request: fail start-up, with a clear message, on a missing deployment, relayer key or master
/// key, or a master key that is not the one the database's custodial accounts were sealed with
/// (Accounts/MasterKeyGuard.cs); bring the schema up to date and clear the upload staging folder; record the
/// relayers in the audit trail, and make the first admin key where none exists (when allowed).
/// </summary>
public static class StartupChecks
{
    public static WebApplication RunStartupChecks(this WebApplication app)
    {
        var deployment = app.Services.GetRequiredService<Deployment>();
        var dataDirectory = app.Services.GetRequiredService<DataDirectory>().Path;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            DatabaseSchema.Migrate(db, app.Logger);
            MasterKeyGuard.Ensure(db, app.Configuration["Custody:MasterKey"], dataDirectory,
                () => app.Services.GetRequiredService<CustodialKeyVault>(), TimeProvider.System, app.Logger);
            Webhooks.WebhookSecrets.SealPlainSecrets(db, app.Services.GetRequiredService<CustodialKeyVault>(), app.Logger); // Webhooks/
        }
        app.Services.GetRequiredService<ContentStore>().SweepStaging();
        app.Logger.LogInformation("Serving contract {Contract} on chain {ChainId} via {RpcUrl}; relayers {Relayers}",
            deployment.ContractAddress, deployment.ChainId, app.Services.GetRequiredService<IOptions<ChainOptions>>().Value.RpcUrl,
            string.Join(", ", app.Services.GetRequiredService<IRelayer>().RelayerAddresses));
        StartAudit.RecordRelayersAsync(app.Services, CancellationToken.None).GetAwaiter().GetResult(); // Audit/StartAudit.cs
        FirstStartAdminKey.EnsureAsync(app.Services, Console.Out, app.Logger, CancellationToken.None).GetAwaiter().GetResult(); // Admin/
        return app;
    }
}
