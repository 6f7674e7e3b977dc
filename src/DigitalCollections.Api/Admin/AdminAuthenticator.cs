using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Admin;

/// <summary>
/// Checks a bearer token for an admin key holding a scope. 401 when no valid admin key is presented (missing,
/// malformed, unknown, revoked); 403 when the key is valid but lacks the scope, or is a custodial account's
/// key (which holds no admin scope). Either problem names the scope required.
/// </summary>
public sealed class AdminAuthenticator(AppDbContext db)
{
    public async Task<AdminCaller> AuthenticateAsync(string? bearer, string scope, CancellationToken ct)
    {
        if (bearer is null)
            throw Unauthorized(scope, $"Send 'Authorization: Bearer <admin key>' with an admin key holding scope '{scope}'.");
        if (ApiKeys.TryParse(bearer, out _, out _))
            throw MissingScope(scope, $"A custodial account's API key holds no admin scope; this route needs an admin key with scope '{scope}'.");
        if (!ApiKeys.TryParse(bearer, ApiKeys.AdminPrefix, out var keyId, out var secret))
            throw Unauthorized(scope, $"The bearer token is not an admin key (dca_<keyId>_<secret>); this route needs one with scope '{scope}'.");
        var key = await db.AdminKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == keyId, ct);
        if (key is null || !ApiKeys.Matches(secret, key.SecretHash))
            throw Unauthorized(scope, "The admin key is not valid.");
        if (key.RevokedAt is not null)
            throw Unauthorized(scope, $"The admin key {keyId} was revoked.");
        var caller = new AdminCaller(key.KeyId, key.Name, AdminScopes.Split(key.Scopes));
        if (!caller.Has(scope))
            throw MissingScope(scope, $"The admin key {keyId} does not hold scope '{scope}' (it holds {string.Join(", ", caller.Scopes)}).");
        return caller;
    }

    private static Dictionary<string, object?> Required(string scope) => new() { ["requiredScope"] = scope };

    private static ApiProblemException Unauthorized(string scope, string detail) =>
        new(StatusCodes.Status401Unauthorized, "invalid-api-key", "The API key is missing or not valid.",
            $"{detail} required scope: {scope}", "authorization", Required(scope));

    private static ApiProblemException MissingScope(string scope, string detail) =>
        new(StatusCodes.Status403Forbidden, "missing-scope", "The key lacks the scope this route requires.",
            $"{detail} required scope: {scope}", "authorization", Required(scope));
}
