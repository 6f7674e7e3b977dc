using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Common;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.UnitTests.Admin;

public sealed class AdminAuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);

    private static AdminKeyStore Store(TempDatabase temp) =>
        new(temp.Db, new AuditTrail(temp.Db, new FixedTimeProvider(Now)), new FixedTimeProvider(Now));

    private static async Task<ApiProblemException> RefusedAsync(TempDatabase temp, string? bearer, string scope) =>
        await Assert.ThrowsAsync<ApiProblemException>(() => new AdminAuthenticator(temp.Db).AuthenticateAsync(bearer, scope, CancellationToken.None));

    [Fact]
    public async Task A_key_with_the_scope_passes_and_is_named_by_its_id()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var key = await Store(temp).CreateAsync("ops", [AdminScopes.Webhooks, AdminScopes.Operator], "cli", CancellationToken.None);
        var caller = await new AdminAuthenticator(temp.Db).AuthenticateAsync(key.ApiKey, AdminScopes.Webhooks, CancellationToken.None);
        Assert.Equal($"admin-key:{key.KeyId}", caller.Actor);
        Assert.Equal(["operator", "webhooks"], caller.Scopes);

        var created = await temp.Db.AuditEntries.AsNoTracking().SingleAsync();
        Assert.Equal(("cli", AuditActions.AdminKeyCreated), (created.Actor, created.Action));
        Assert.Contains(key.KeyId, created.Details);
        Assert.DoesNotContain(key.ApiKey.Split('_', 3)[2], created.Details);
    }

    [Fact]
    public async Task No_key_a_bad_key_or_a_revoked_key_is_401_naming_the_scope()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var store = Store(temp);
        var key = await store.CreateAsync("ops", [AdminScopes.Webhooks], "cli", CancellationToken.None);
        var (forged, _, _) = ApiKeys.Create(ApiKeys.AdminPrefix);
        var wrongSecret = key.ApiKey[..^4] + "AAAA";

        foreach (var bearer in new[] { null, "", "not-a-key", forged, wrongSecret })
        {
            var problem = await RefusedAsync(temp, bearer, AdminScopes.Webhooks);
            Assert.Equal(401, problem.Status);
            Assert.EndsWith("required scope: webhooks", problem.Message);
            Assert.Equal("webhooks", problem.Extensions["requiredScope"]);
        }

        await store.RevokeAsync(key.KeyId, "cli", CancellationToken.None);
        var revoked = await RefusedAsync(temp, key.ApiKey, AdminScopes.Webhooks);
        Assert.Equal(401, revoked.Status);
        Assert.Contains("revoked", revoked.Message);
        // A second revocation records nothing more.
        await store.RevokeAsync(key.KeyId, "cli", CancellationToken.None);
        Assert.Equal([AuditActions.AdminKeyCreated, AuditActions.AdminKeyRevoked],
            await temp.Db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task A_key_without_the_scope_or_a_custodial_key_is_403_naming_the_scope()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var key = await Store(temp).CreateAsync("audit only", [AdminScopes.Audit], "cli", CancellationToken.None);
        var lacking = await RefusedAsync(temp, key.ApiKey, AdminScopes.Operator);
        Assert.Equal((403, "missing-scope"), (lacking.Status, lacking.Slug));
        Assert.EndsWith("required scope: operator", lacking.Message);

        var (accountKey, _, _) = ApiKeys.Create();
        var custodial = await RefusedAsync(temp, accountKey, AdminScopes.Operator);
        Assert.Equal((403, "missing-scope"), (custodial.Status, custodial.Slug));
        Assert.Contains("custodial", custodial.Message);
    }
}
