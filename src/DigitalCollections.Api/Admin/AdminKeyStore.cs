using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Admin;

/// <summary>A new admin key: <see cref="ApiKey"/> is shown this once and kept nowhere.</summary>
public sealed record CreatedAdminKey(string KeyId, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string ApiKey);

/// <summary>
/// Makes and revokes admin keys, each change with its audit row in the same transaction (the command line,
/// the first start and the admin routes all come here).
/// </summary>
public sealed class AdminKeyStore(AppDbContext db, IAuditTrail audit, TimeProvider clock)
{
    public async Task<CreatedAdminKey> CreateAsync(string name, IReadOnlyList<string> scopes, string createdBy, CancellationToken ct)
    {
        var (apiKey, keyId, secretHash) = ApiKeys.Create(ApiKeys.AdminPrefix);
        var row = new AdminKey
        {
            KeyId = keyId,
            Name = name,
            Scopes = AdminScopes.Join(scopes),
            SecretHash = secretHash,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.AdminKeys.Add(row);
        await audit.AppendAsync(createdBy, AuditActions.AdminKeyCreated, new { keyId, name, scopes = AdminScopes.Split(row.Scopes) }, ct);
        await tx.CommitAsync(ct);
        return new CreatedAdminKey(keyId, name, AdminScopes.Split(row.Scopes), row.CreatedAt, apiKey);
    }

    /// <summary>Revokes the key (once; a second revocation changes nothing and records nothing). Null when there is no such key.</summary>
    public async Task<AdminKey?> RevokeAsync(string keyId, string revokedBy, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.AdminKeys.SingleOrDefaultAsync(k => k.KeyId == keyId, ct);
        if (row is null || row.RevokedAt is not null) return row;
        row.RevokedAt = clock.GetUtcNow();
        await audit.AppendAsync(revokedBy, AuditActions.AdminKeyRevoked, new { keyId, row.Name }, ct);
        await tx.CommitAsync(ct);
        return row;
    }

    /// <summary>Oldest first (sorted here: SQLite cannot order by a DateTimeOffset column; admin keys are few).</summary>
    public async Task<List<AdminKey>> ListAsync(CancellationToken ct) =>
        (await db.AdminKeys.AsNoTracking().ToListAsync(ct)).OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal).ToList();

    public Task<bool> AnyAsync(CancellationToken ct) => db.AdminKeys.AnyAsync(ct);
}
