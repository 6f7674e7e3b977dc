using System.Security.Cryptography;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Accounts;

/// <summary>
/// At start-up, before the master key is loaded: a database whose custodial accounts were sealed with another
/// master key, or with one that is missing now, refuses to start. Generating a fresh key there (as local
/// development does for an empty data folder) would leave every account's key sealed for good.
/// </summary>
public static class MasterKeyGuard
{
    /// <param name="db">The migrated database.</param>
    /// <param name="configuredKey">Custody:MasterKey as configured (only its presence is used here).</param>
    /// <param name="dataDirectory">Where the development key file lives.</param>
    /// <param name="openVault">Loads the master key (from configuration or the key file; may generate one).</param>
    /// <param name="clock">For the check value's row.</param>
    /// <param name="logger">Notes a check value written or replaced.</param>
    public static void Ensure(AppDbContext db, string? configuredKey, string dataDirectory, Func<CustodialKeyVault> openVault,
        TimeProvider clock, ILogger logger)
    {
        // Webhook signing secrets are sealed with the same key (Webhooks/WebhookSecrets.cs): they count as sealed rows too.
        var sealedRows = db.Accounts.Count() + db.WebhookEndpoints.Count(e => e.EncryptedSecret != null);
        var configured = !string.IsNullOrWhiteSpace(configuredKey);
        var source = configured ? "Custody:MasterKey" : $"the data folder's {CustodialKeyVault.KeyFileName}";
        if (sealedRows > 0 && !configured && !File.Exists(Path.Combine(dataDirectory, CustodialKeyVault.KeyFileName)))
            throw new InvalidOperationException(
                $"This database holds {sealedRows} secret(s) (custodial account keys, webhook signing secrets) sealed with a master key, and none is configured: set " +
                $"Custody:MasterKey (environment Custody__MasterKey) to the key they were sealed with, or put back the data folder's " +
                $"{CustodialKeyVault.KeyFileName}. A new key could never decrypt them, so the API does not start.");

        var vault = openVault();
        var check = vault.CheckValue();
        var stored = db.CustodyKeyChecks.AsNoTracking().SingleOrDefault(c => c.Name == CustodyKeyCheck.MasterKeyName);
        if (stored is not null && CryptographicOperations.FixedTimeEquals(stored.CheckValue, check)) return;

        if (sealedRows > 0)
        {
            // Without a stored check value (a database from before it was kept), one account's sealed key tells.
            var matches = stored is null && SampleOpens(db, vault);
            if (!matches)
                throw new InvalidOperationException(
                    $"The master key ({source}) is not the one this database's {sealedRows} secret(s) (custodial account keys, webhook signing secrets) were sealed with: set " +
                    "Custody:MasterKey (environment Custody__MasterKey) to that key. Another key can never decrypt them, so the API does not start.");
        }

        if (stored is null)
        {
            db.CustodyKeyChecks.Add(new CustodyKeyCheck { Name = CustodyKeyCheck.MasterKeyName, CheckValue = check, CreatedAt = clock.GetUtcNow() });
            try
            {
                db.SaveChanges();
            }
            catch (DbUpdateException)
            {
                // Another instance sharing the database wrote it first: compare with that one.
                db.ChangeTracker.Clear();
                Ensure(db, configuredKey, dataDirectory, () => vault, clock, logger);
                return;
            }
            logger.LogInformation("Stored the master key's check value ({Source})", source);
            return;
        }

        // Nothing was sealed with the old key: nothing is lost by taking this one.
        db.CustodyKeyChecks.Where(c => c.Name == CustodyKeyCheck.MasterKeyName)
            .ExecuteUpdate(u => u.SetProperty(c => c.CheckValue, check).SetProperty(c => c.CreatedAt, clock.GetUtcNow()));
        logger.LogWarning("The master key ({Source}) differs from the one recorded, and nothing is sealed with it yet: recorded this one", source);
    }

    /// <summary>Whether the key opens one sealed row: an account's key, or else a webhook endpoint's secret.</summary>
    private static bool SampleOpens(AppDbContext db, CustodialKeyVault vault)
    {
        if (db.Accounts.AsNoTracking().OrderBy(a => a.Address).FirstOrDefault() is { } account)
            return vault.Opens(account.EncryptedPrivateKey, account.Address);
        var endpoint = db.WebhookEndpoints.AsNoTracking().Where(e => e.EncryptedSecret != null).OrderBy(e => e.Id).First();
        return vault.Opens(endpoint.EncryptedSecret!, Webhooks.WebhookSecrets.AssociatedData(endpoint.Id));
    }
}
