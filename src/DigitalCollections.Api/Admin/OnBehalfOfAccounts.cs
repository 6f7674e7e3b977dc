using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Admin;

/// <summary>
/// The custodial account a keyed write acts for: the account key's own account, or, for an admin key holding
/// <see cref="AdminScopes.WorksCreate"/>, the account named in <c>onBehalfOf</c>.
/// </summary>
public sealed class OnBehalfOfAccounts(CustodialSigner custody, AdminAuthenticator admins, AppDbContext db)
{
    public const string Field = "onBehalfOf";

    public async Task<CustodialAccount> ResolveAsync(string? apiKey, string? onBehalfOf, CancellationToken ct)
    {
        if (onBehalfOf is null && !ApiKeys.LooksLikeAdminKey(apiKey)) return await custody.AuthenticateAsync(apiKey, ct);
        // An account key naming another account (or itself) is 403 here: acting for a named account is the scope's.
        await admins.AuthenticateAsync(apiKey, AdminScopes.WorksCreate, ct);
        if (onBehalfOf is null)
            throw ApiProblemException.BadRequest(Field, $"An admin key registers a work for a custodial account: name its address in '{Field}'.");
        if (!Formats.IsAddress(onBehalfOf))
            throw ApiProblemException.BadRequest(Field, $"'{Field}' must be a 0x-prefixed 20-byte hex address.");
        var address = ChainKeys.Checksum(onBehalfOf);
        return await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Address == address, ct)
            ?? throw ApiProblemException.NotFound("account", Field, $"{address} is not a custodial account of this service.");
    }
}
