namespace DigitalCollections.Api.Audit;

/// <summary>
/// Appends privileged actions to the audit trail (scoped: it uses the request's <see cref="Data.AppDbContext"/>).
/// </summary>
/// <example><code>
/// // In the caller's own transaction: the audit row commits (or rolls back) with the change it records.
/// await using var tx = await db.Database.BeginTransactionAsync(ct);
/// db.Webhooks.Add(endpoint);
/// await db.SaveChangesAsync(ct);
/// await audit.AppendAsync(caller.Actor, AuditActions.WebhookCreated, new { endpoint.Id, endpoint.Url }, ct);
/// await tx.CommitAsync(ct);
/// </code></example>
public interface IAuditTrail
{
    /// <summary>
    /// Appends a row. When the context has a transaction open the row joins it (and the chain stays locked until
    /// the caller commits or rolls back: keep that short); otherwise the append commits at once in its own.
    /// Saves the context's other pending changes too. <paramref name="details"/> is serialised to JSON; it must
    /// never hold a secret.
    /// </summary>
    Task<AuditEntry> AppendAsync(string actor, string action, object? details, CancellationToken ct);
}
