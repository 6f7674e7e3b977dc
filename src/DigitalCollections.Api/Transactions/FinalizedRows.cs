using DigitalCollections.Api.Data;

namespace DigitalCollections.Api.Transactions;

/// <summary>
/// The rows a batch of ended writes leaves in the store: each transaction's end state, the work row of each
/// confirmed mint, the metadata changes and their webhook events, in one commit.
/// </summary>
internal static class FinalizedRows
{
    /// <summary>The work row a confirmed mint adds (null when another row of this batch already recorded its token).</summary>
    public static WorkRecord? NewWork(ChainTransaction row, DateTimeOffset registeredAt, HashSet<long> recorded)
    {
        if (row.TokenId is not { } tokenId) throw new InvalidOperationException($"Mint {row.TransactionHash} confirmed without a WorkRegistered event.");
        if (!recorded.Add(tokenId)) return null;
        var request = row.Request<MintRequest>();
        return new WorkRecord
        {
            DeploymentKey = row.DeploymentKey,
            TokenId = tokenId,
            ContentHash = request.ContentHash,
            Title = request.Title,
            Description = request.Description,
            ContentType = request.ContentType,
            FileName = request.FileName,
            SizeBytes = request.SizeBytes,
            Creator = request.Creator,
            TransactionHash = row.TransactionHash!,
            BlockNumber = row.BlockNumber!.Value,
            RegisteredAt = registeredAt,
            Iscc = request.Codes?.Iscc,
            IsccMeta = request.Codes?.Meta,
            IsccContent = request.Codes?.Content,
            IsccData = request.Codes?.Data,
            IsccInstance = request.Codes?.Instance,
            ContentKind = request.Codes?.ContentKind,
            ContentReason = request.Codes?.ContentReason,
            SimilarityKind = request.Codes is { } codes ? (int)codes.Kind : null,
            SimilarityBits = request.Codes is { } c ? unchecked((long)c.Bits) : null,
            SimilarityRegions = request.Codes is { } r ? Similarity.WorkCodes.PackCodes(r.Regions) : null,
            SimilarityVariants = request.Codes?.PackVariants(),
            SimilarTo = Ids(request.SimilarTo),
            VariantOf = Ids(request.VariantOf),
            EditionSize = request.EditionSize,
            HoldSeconds = request.HoldSeconds,
            Locked = !request.Transferable,
        };
    }

    private static string? Ids(long[]? ids) => ids is { Length: > 0 } ? string.Join(',', ids) : null;

    /// <summary>Every mapped column of a work row but its generated key, as the hand-written INSERT writes it (a unit test holds it to the model).</summary>
    internal static readonly (string Property, Func<WorkRecord, object?> Value)[] WorkColumns =
    [
        (nameof(WorkRecord.DeploymentKey), w => w.DeploymentKey), (nameof(WorkRecord.TokenId), w => w.TokenId),
        (nameof(WorkRecord.ContentHash), w => w.ContentHash), (nameof(WorkRecord.Title), w => w.Title),
        (nameof(WorkRecord.Description), w => w.Description), (nameof(WorkRecord.ContentType), w => w.ContentType),
        (nameof(WorkRecord.FileName), w => w.FileName), (nameof(WorkRecord.SizeBytes), w => w.SizeBytes),
        (nameof(WorkRecord.Creator), w => w.Creator), (nameof(WorkRecord.TransactionHash), w => w.TransactionHash),
        (nameof(WorkRecord.BlockNumber), w => w.BlockNumber), (nameof(WorkRecord.RegisteredAt), w => w.RegisteredAt),
        (nameof(WorkRecord.Iscc), w => w.Iscc), (nameof(WorkRecord.IsccMeta), w => w.IsccMeta),
        (nameof(WorkRecord.IsccContent), w => w.IsccContent), (nameof(WorkRecord.IsccData), w => w.IsccData),
        (nameof(WorkRecord.IsccInstance), w => w.IsccInstance), (nameof(WorkRecord.ContentKind), w => w.ContentKind),
        (nameof(WorkRecord.ContentReason), w => w.ContentReason), (nameof(WorkRecord.SimilarityKind), w => w.SimilarityKind),
        (nameof(WorkRecord.SimilarityBits), w => w.SimilarityBits), (nameof(WorkRecord.SimilarityRegions), w => w.SimilarityRegions),
        (nameof(WorkRecord.SimilarityVariants), w => w.SimilarityVariants),
        (nameof(WorkRecord.SimilarTo), w => w.SimilarTo), (nameof(WorkRecord.VariantOf), w => w.VariantOf),
        (nameof(WorkRecord.EditionSize), w => w.EditionSize), (nameof(WorkRecord.HoldSeconds), w => w.HoldSeconds),
        (nameof(WorkRecord.Locked), w => w.Locked),
    ];

    /// <summary>
    /// The batch's end states and new work rows in one transaction, as plain statements: EF Core's change
    /// tracker and update pipeline cost more CPU than the statements themselves, and this runs for every block
    /// that confirms a write. A row some other finalizer ended meanwhile (a replay) is left as it is.
    /// </summary>
    public static async Task SaveAsync(AppDbContext db, IReadOnlyList<ChainTransaction> rows, IReadOnlyList<WorkRecord> works,
        IReadOnlyList<Works.MetadataChange> changes)
    {
        if (rows.Count == 0) return;
        var t = StoreNames.Table<ChainTransaction>(db);
        var w = StoreNames.Table<WorkRecord>(db);
        var batch = new StatementBatch();
        // A restart's reconciliation can end thousands of rows at once: one transaction, several commands.
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        foreach (var row in rows)
        {
            if (batch.IsFull) await batch.ExecuteAsync(db, CancellationToken.None);
            batch.Sql($"UPDATE {t.Name} SET {t.Col(nameof(ChainTransaction.State))} = {batch.Value(row.State)}, "
                + $"{t.Col(nameof(ChainTransaction.TransactionHash))} = {batch.Value(row.TransactionHash)}, "
                + $"{t.Col(nameof(ChainTransaction.BlockNumber))} = {batch.Value(row.BlockNumber)}, "
                + $"{t.Col(nameof(ChainTransaction.BlockHash))} = {batch.Value(row.BlockHash)}, "
                + $"{t.Col(nameof(ChainTransaction.CompletedAt))} = {batch.Value(row.CompletedAt)}, "
                + $"{t.Col(nameof(ChainTransaction.TokenId))} = {batch.Value(row.TokenId)}, "
                + $"{t.Col(nameof(ChainTransaction.FailureCode))} = {batch.Value(row.FailureCode)}, "
                + $"{t.Col(nameof(ChainTransaction.FailureReason))} = {batch.Value(row.FailureReason)} "
                + $"WHERE {t.Col(nameof(ChainTransaction.Id))} = {batch.Value(row.Id)} AND {t.Col(nameof(ChainTransaction.State))} "
                + $"IN ({batch.Value(TransactionStates.Queued)}, {batch.Value(TransactionStates.Sent)});\n");
        }
        foreach (var work in works)
        {
            if (batch.IsFull) await batch.ExecuteAsync(db, CancellationToken.None);
            batch.Insert(w, WorkColumns, work);
        }
        foreach (var change in changes) batch.Insert(StoreNames.Table<Works.MetadataChange>(db), Metadata.MetadataChangeRows.Columns, change);
        // Their webhook events, after the updates: inserted only for rows these updates ended as reported.
        await Webhooks.WebhookOutbox.AddEndedAsync(db, batch, rows, rows[0].CompletedAt ?? DateTimeOffset.UtcNow);
        await batch.ExecuteAsync(db, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }
}
