using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Transactions;

/// <summary>The lanes' writes to the outbox: new rows, "sent" marks and re-signed rows.</summary>
internal static class OutboxWrites
{
    /// <summary>Every mapped column of an outbox row, as the hand-written INSERT writes it (a unit test holds it to the model).</summary>
    internal static readonly (string Property, Func<ChainTransaction, object?> Value)[] OutboxColumns =
    [
        (nameof(ChainTransaction.Id), r => r.Id), (nameof(ChainTransaction.DeploymentKey), r => r.DeploymentKey),
        (nameof(ChainTransaction.Kind), r => r.Kind), (nameof(ChainTransaction.State), r => r.State),
        (nameof(ChainTransaction.RequestJson), r => r.RequestJson), (nameof(ChainTransaction.CallData), r => r.CallData),
        (nameof(ChainTransaction.ContentHash), r => r.ContentHash), (nameof(ChainTransaction.TokenId), r => r.TokenId),
        (nameof(ChainTransaction.GasLimit), r => r.GasLimit), (nameof(ChainTransaction.Relayer), r => r.Relayer),
        (nameof(ChainTransaction.Nonce), r => r.Nonce), (nameof(ChainTransaction.GasPrice), r => r.GasPrice),
        (nameof(ChainTransaction.SignedTransaction), r => r.SignedTransaction), (nameof(ChainTransaction.TransactionHash), r => r.TransactionHash),
        (nameof(ChainTransaction.SendAttempts), r => r.SendAttempts), (nameof(ChainTransaction.BlockNumber), r => r.BlockNumber),
        (nameof(ChainTransaction.BatchIndex), r => r.BatchIndex), (nameof(ChainTransaction.BatchSize), r => r.BatchSize),
        (nameof(ChainTransaction.BlockHash), r => r.BlockHash), (nameof(ChainTransaction.FailureCode), r => r.FailureCode),
        (nameof(ChainTransaction.FailureReason), r => r.FailureReason), (nameof(ChainTransaction.CreatedAt), r => r.CreatedAt),
        (nameof(ChainTransaction.SentAt), r => r.SentAt), (nameof(ChainTransaction.CompletedAt), r => r.CompletedAt),
        (nameof(ChainTransaction.TraceParent), r => r.TraceParent),
    ];

    /// <summary>
    /// New outbox rows, recorded in one transaction as plain INSERTs: EF Core's change tracker cost more CPU
    /// than the statements, once per lane batch. The uploads' bytes kept in the database go in the same
    /// transaction (a separate commit per upload was about a tenth of a registration's CPU).
    /// </summary>
    public static async Task InsertAsync(AppDbContext db, IEnumerable<ChainTransaction> rows, IEnumerable<Storage.StoredContent> contents)
    {
        var t = StoreNames.Table<ChainTransaction>(db);
        var statements = new StatementBatch();
        foreach (var content in contents) Storage.ContentStore.AppendKeep(statements, db, content);
        foreach (var row in rows) statements.Insert(t, OutboxColumns, row);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await statements.ExecuteAsync(db, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    public static async Task MarkSentAsync(IServiceScopeFactory scopes, List<Guid> ids, DateTimeOffset now)
    {
        if (ids.Count == 0) return;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Only rows still queued: the tracker may already have confirmed a fast one.
        await db.ChainTransactions
            .Where(t => t.State == TransactionStates.Queued && ids.Contains(t.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.State, TransactionStates.Sent).SetProperty(t => t.SentAt, now), CancellationToken.None);
        // Every one of them was sent, also one the tracker confirmed before this update could mark it.
        Observability.Telemetry.WritesReached(TransactionStates.Sent, ids.Count);
    }

    /// <summary>Rows the lane re-signed or split, as they now are, in one commit.</summary>
    public static async Task UpdateAsync(IServiceScopeFactory scopes, IEnumerable<ChainTransaction> rows)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChainTransactions.UpdateRange(rows);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// A sent row's new signature (same nonce at a higher fee, or a new nonce), unless the row ended meanwhile
    /// (the chain was reset): false then, and it must not be sent.
    /// </summary>
    /// <remarks>The rows of one transaction (a batch's every row) change in one commit; the first decides.</remarks>
    public static async Task<bool> ResignedAsync(IServiceScopeFactory scopes, IReadOnlyList<ChainTransaction> rows)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var first = true;
        foreach (var row in rows)
        {
            var changed = await db.ChainTransactions
                .Where(t => t.Id == row.Id && (t.State == TransactionStates.Queued || t.State == TransactionStates.Sent))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Relayer, row.Relayer).SetProperty(t => t.Nonce, row.Nonce)
                    .SetProperty(t => t.GasPrice, row.GasPrice).SetProperty(t => t.SignedTransaction, row.SignedTransaction)
                    .SetProperty(t => t.TransactionHash, row.TransactionHash).SetProperty(t => t.State, row.State)
                    .SetProperty(t => t.BatchIndex, row.BatchIndex).SetProperty(t => t.BatchSize, row.BatchSize), CancellationToken.None);
            if (first && changed != 1) return false; // rolled back with the transaction
            first = false;
        }
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }
}
