using System.Security.Cryptography;
using System.Text;
using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Webhooks;

/// <summary>
/// Webhook signing secrets at rest: sealed with AES-256-GCM under the master key that seals the custodial
/// account keys (<see cref="CustodialKeyVault"/>, Custody:MasterKey), the endpoint's id bound as associated data
/// so a sealed secret cannot be moved to another endpoint's row. Opened only to sign an attempt.
/// </summary>
public sealed class WebhookSecrets(CustodialKeyVault vault)
{
    public byte[] Seal(Guid endpointId, string secret) => vault.Encrypt(Encoding.UTF8.GetBytes(secret), AssociatedData(endpointId));

    /// <summary>The endpoint's secret; a row from before secrets were sealed (until the start seals it) still has it in plain.</summary>
    public string Open(WebhookEndpoint endpoint)
    {
        if (endpoint.EncryptedSecret is null)
            return endpoint.Secret ?? throw new InvalidOperationException($"Webhook endpoint {endpoint.Id} has no secret.");
        var plain = vault.Decrypt(endpoint.EncryptedSecret, AssociatedData(endpoint.Id));
        try
        {
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Distinct from every account's (an address): "webhook-endpoint:" + the id.</summary>
    internal static string AssociatedData(Guid endpointId) => $"webhook-endpoint:{endpointId:D}";

    /// <summary>
    /// At start, once the master key is known to be the database's: every secret still stored in plain is sealed
    /// and its plain text cleared, row by row, each only if still plain (another instance may be doing the same).
    /// </summary>
    public static int SealPlainSecrets(AppDbContext db, CustodialKeyVault vault, ILogger logger)
    {
        var secrets = new WebhookSecrets(vault);
        var plain = db.WebhookEndpoints.AsNoTracking().Where(e => e.Secret != null).Select(e => new { e.Id, e.Secret }).ToList();
        var sealedCount = 0;
        foreach (var row in plain)
        {
            var sealedSecret = secrets.Seal(row.Id, row.Secret!);
            sealedCount += db.WebhookEndpoints.Where(e => e.Id == row.Id && e.Secret == row.Secret)
                .ExecuteUpdate(u => u.SetProperty(e => e.EncryptedSecret, sealedSecret).SetProperty(e => e.Secret, (string?)null));
        }
        if (sealedCount > 0) logger.LogInformation("Sealed {Count} webhook signing secret(s) stored in plain with the master key", sealedCount);
        return sealedCount;
    }
}
