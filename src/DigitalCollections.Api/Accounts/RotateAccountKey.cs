using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Accounts;

/// <summary>A custodial account's new API key, shown only here, once; the presented key no longer works.</summary>
/// <param name="Address">The account (unchanged: its chain key and works stay).</param>
/// <param name="KeyId">The new key's public id.</param>
/// <param name="ApiKey">The new key.</param>
/// <param name="RevokedKeyId">The key this request presented, revoked.</param>
public sealed record RotatedAccountKey(string Address, string KeyId, string ApiKey, string RevokedKeyId);

/// <summary>
/// POST /api/v1/accounts/{address}/keys with the account's current key: the key is replaced (the old one answers
/// 401 from then on) and the account keeps its address, its chain key and its works. Audited.
/// </summary>
public static class RotateAccountKeyEndpoint
{
    public static void MapRotateAccountKey(this IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{address}/keys", async (string address, HttpRequest request, CustodialSigner custody, AppDbContext db,
                IAuditTrail audit, CancellationToken ct) =>
            {
                if (!Formats.IsAddress(address))
                    throw ApiProblemException.BadRequest("address", "'address' must be a 0x-prefixed 20-byte hex address.");
                var account = await custody.AuthenticateAsync(request.BearerToken(), ct);
                if (!Formats.SameAddress(account.Address, address))
                    throw ApiProblemException.Forbidden("not-your-account", "authorization", "An account's API key can replace only that account's key.");

                var (apiKey, keyId, secretHash) = ApiKeys.Create();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                // Only while the presented key is still the account's: of two rotations with one key, one wins.
                var replaced = await db.Accounts.Where(a => a.Address == account.Address && a.KeyId == account.KeyId)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.KeyId, keyId).SetProperty(a => a.ApiKeyHash, secretHash), ct);
                if (replaced == 0) throw ApiProblemException.Unauthorized("The API key was replaced meanwhile.");
                await audit.AppendAsync($"account:{account.Address}", AuditActions.AccountKeyRotated,
                    new { address = account.Address, revokedKeyId = account.KeyId, keyId }, ct);
                await tx.CommitAsync(ct);
                return Results.Ok(new RotatedAccountKey(account.Address, keyId, apiKey, account.KeyId));
            })
            .WithName("RotateAccountKey")
            .RateLimited(RateLimitPolicies.Writes)
            .AcceptsAccountKey()
            .WithTags("Accounts")
            .WithSummary("Replace the presented API key with a new one for the same account; the new key is shown once, the old one stops working")
            .Produces<RotatedAccountKey>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
