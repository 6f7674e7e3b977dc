using System.Data.Common;
using System.Text;
using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DigitalCollections.Api.Indexing;

/// <summary>
/// Set-based writes of the index's rows, for a step of thousands of events: multi-row
/// <c>INSERT … ON CONFLICT</c> statements (the same syntax on SQLite and PostgreSQL) with every value a
/// parameter, table and column names taken from the EF Core model, run on the context's connection inside its
/// current transaction. EF Core's change tracker costs far more per row (one tracked entity, one statement and
/// one RETURNING per row), which made it most of a backfill's time. Every statement is idempotent: a range
/// written twice leaves the same rows.
/// </summary>
internal sealed class IndexRowWriter(AppDbContext db)
{
    /// <summary>
    /// Values per statement. SQLite binds each parameter by name with a linear search over the statement's
    /// names, so per-row cost grows with the statement's size: ~300 measured fastest (3,000 was 2–3× slower).
    /// </summary>
    private const int MaxParametersPerStatement = 300;

    /// <summary>Transfer rows; a row already present (same deployment, block and log index) is left as it is.</summary>
    public Task InsertTransfersAsync(IReadOnlyList<IndexedTransfer> transfers, CancellationToken ct)
    {
        var t = Table<IndexedTransfer>();
        string[] columns = [nameof(IndexedTransfer.DeploymentKey), nameof(IndexedTransfer.TokenId), nameof(IndexedTransfer.From),
            nameof(IndexedTransfer.To), nameof(IndexedTransfer.BlockNumber), nameof(IndexedTransfer.BlockHash),
            nameof(IndexedTransfer.LogIndex), nameof(IndexedTransfer.TransactionHash), nameof(IndexedTransfer.TimestampUnix)];
        var onConflict = $"ON CONFLICT ({t.Col(nameof(IndexedTransfer.DeploymentKey))}, {t.Col(nameof(IndexedTransfer.BlockNumber))}, "
            + $"{t.Col(nameof(IndexedTransfer.LogIndex))}) DO NOTHING";
        return InsertAsync(t, columns, transfers, x => [x.DeploymentKey, x.TokenId, x.From, x.To, x.BlockNumber, x.BlockHash,
            x.LogIndex, x.TransactionHash, x.TimestampUnix], onConflict, ct);
    }

    /// <summary>
    /// Token rows as one range's events left them. New tokens are inserted. For a token already present, the
    /// creator and content hash are kept unless the range has them, the mint facts are replaced only when the
    /// range holds the mint (<paramref name="withMint"/>), and the owner only when the range's owner event comes later.
    /// </summary>
    public Task UpsertTokensAsync(IReadOnlyList<IndexedToken> tokens, bool withMint, CancellationToken ct)
    {
        var t = Table<IndexedToken>();
        string[] columns = [nameof(IndexedToken.DeploymentKey), nameof(IndexedToken.TokenId), nameof(IndexedToken.Creator),
            nameof(IndexedToken.ContentHash), nameof(IndexedToken.Owner), nameof(IndexedToken.MintBlockNumber),
            nameof(IndexedToken.MintTransactionHash), nameof(IndexedToken.RegisteredAtUnix), nameof(IndexedToken.OwnerBlockNumber),
            nameof(IndexedToken.OwnerLogIndex), nameof(IndexedToken.EditionFirstTokenId), nameof(IndexedToken.EditionNumber),
            nameof(IndexedToken.EditionSize), nameof(IndexedToken.HoldSeconds), nameof(IndexedToken.Locked)];
        string Old(string property) => $"{t.Name}.{t.Col(property)}";
        string New(string property) => $"excluded.{t.Col(property)}";
        var newer = $"({New(nameof(IndexedToken.OwnerBlockNumber))} > {Old(nameof(IndexedToken.OwnerBlockNumber))} OR "
            + $"({New(nameof(IndexedToken.OwnerBlockNumber))} = {Old(nameof(IndexedToken.OwnerBlockNumber))} AND "
            + $"{New(nameof(IndexedToken.OwnerLogIndex))} > {Old(nameof(IndexedToken.OwnerLogIndex))}))";
        var set = new List<string>
        {
            $"{t.Col(nameof(IndexedToken.Creator))} = COALESCE({New(nameof(IndexedToken.Creator))}, {Old(nameof(IndexedToken.Creator))})",
            $"{t.Col(nameof(IndexedToken.ContentHash))} = COALESCE({New(nameof(IndexedToken.ContentHash))}, {Old(nameof(IndexedToken.ContentHash))})",
        };
        foreach (var edition in new[] { nameof(IndexedToken.EditionFirstTokenId), nameof(IndexedToken.EditionNumber),
                     nameof(IndexedToken.EditionSize), nameof(IndexedToken.HoldSeconds), nameof(IndexedToken.Locked) })
            set.Add($"{t.Col(edition)} = COALESCE({New(edition)}, {Old(edition)})");
        // SET expressions read the row as it was before the update, so the three owner columns agree.
        foreach (var owner in new[] { nameof(IndexedToken.Owner), nameof(IndexedToken.OwnerBlockNumber), nameof(IndexedToken.OwnerLogIndex) })
            set.Add($"{t.Col(owner)} = CASE WHEN {newer} THEN {New(owner)} ELSE {Old(owner)} END");
        if (withMint)
        {
            foreach (var mint in new[] { nameof(IndexedToken.MintBlockNumber), nameof(IndexedToken.MintTransactionHash), nameof(IndexedToken.RegisteredAtUnix) })
                set.Add($"{t.Col(mint)} = {New(mint)}");
        }
        var onConflict = $"ON CONFLICT ({t.Col(nameof(IndexedToken.DeploymentKey))}, {t.Col(nameof(IndexedToken.TokenId))}) DO UPDATE SET "
            + string.Join(", ", set);
        return InsertAsync(t, columns, tokens, x => [x.DeploymentKey, x.TokenId, x.Creator, x.ContentHash, x.Owner, x.MintBlockNumber,
            x.MintTransactionHash, x.RegisteredAtUnix, x.OwnerBlockNumber, x.OwnerLogIndex, x.EditionFirstTokenId, x.EditionNumber,
            x.EditionSize, x.HoldSeconds, x.Locked], onConflict, ct);
    }

    /// <summary>Rule-change rows; a row already present (same deployment, block and log index) is left as it is.</summary>
    public Task InsertRuleChangesAsync(IReadOnlyList<IndexedRuleChange> changes, CancellationToken ct)
    {
        var t = Table<IndexedRuleChange>();
        string[] columns = [nameof(IndexedRuleChange.DeploymentKey), nameof(IndexedRuleChange.Kind), nameof(IndexedRuleChange.TokenId),
            nameof(IndexedRuleChange.Value), nameof(IndexedRuleChange.BlockNumber), nameof(IndexedRuleChange.BlockHash),
            nameof(IndexedRuleChange.LogIndex), nameof(IndexedRuleChange.TransactionHash), nameof(IndexedRuleChange.TimestampUnix)];
        var onConflict = $"ON CONFLICT ({t.Col(nameof(IndexedRuleChange.DeploymentKey))}, {t.Col(nameof(IndexedRuleChange.BlockNumber))}, "
            + $"{t.Col(nameof(IndexedRuleChange.LogIndex))}) DO NOTHING";
        return InsertAsync(t, columns, changes, x => [x.DeploymentKey, x.Kind, x.TokenId, x.Value, x.BlockNumber, x.BlockHash,
            x.LogIndex, x.TransactionHash, x.TimestampUnix], onConflict, ct);
    }

    /// <summary>Block rows (for reorg checks); a block already present is left as it is.</summary>
    public Task InsertBlocksAsync(IReadOnlyList<IndexedBlock> blocks, CancellationToken ct)
    {
        var t = Table<IndexedBlock>();
        string[] columns = [nameof(IndexedBlock.DeploymentKey), nameof(IndexedBlock.Number), nameof(IndexedBlock.Hash), nameof(IndexedBlock.TimestampUnix)];
        var onConflict = $"ON CONFLICT ({t.Col(nameof(IndexedBlock.DeploymentKey))}, {t.Col(nameof(IndexedBlock.Number))}) DO NOTHING";
        return InsertAsync(t, columns, blocks, x => [x.DeploymentKey, x.Number, x.Hash, x.TimestampUnix], onConflict, ct);
    }

    /// <summary>The index's checkpoint for its deployment, inserted or moved.</summary>
    public Task UpsertCheckpointAsync(IndexCheckpoint checkpoint, CancellationToken ct)
    {
        var t = Table<IndexCheckpoint>();
        string[] columns = [nameof(IndexCheckpoint.DeploymentKey), nameof(IndexCheckpoint.BlockNumber), nameof(IndexCheckpoint.BlockHash),
            nameof(IndexCheckpoint.UpdatedAt)];
        var set = string.Join(", ", columns.Skip(1).Select(c => $"{t.Col(c)} = excluded.{t.Col(c)}"));
        var onConflict = $"ON CONFLICT ({t.Col(nameof(IndexCheckpoint.DeploymentKey))}) DO UPDATE SET {set}";
        return InsertAsync(t, columns, [checkpoint], x => [x.DeploymentKey, x.BlockNumber, x.BlockHash, x.UpdatedAt], onConflict, ct);
    }

    private async Task InsertAsync<T>(TableNames t, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values,
        string onConflict, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Index rows are written inside the step's transaction.");
        var connection = db.Database.GetDbConnection();
        var perStatement = Math.Max(1, MaxParametersPerStatement / columns.Length);
        DbCommand? full = null; // the full-size statement, prepared once and reused for every full chunk
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                DbCommand command;
                if (count == perStatement)
                    command = full ??= Command(connection, transaction, t, columns, count, onConflict);
                else
                    command = Command(connection, transaction, t, columns, count, onConflict);
                try
                {
                    for (var r = 0; r < count; r++)
                    {
                        var row = values(rows[start + r]);
                        for (var c = 0; c < columns.Length; c++) command.Parameters[r * columns.Length + c].Value = row[c] ?? DBNull.Value;
                    }
                    await command.ExecuteNonQueryAsync(ct);
                }
                finally
                {
                    if (command != full) await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, TableNames t, string[] columns, int rows, string onConflict)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(64 + rows * columns.Length * 8);
        sql.Append("INSERT INTO ").Append(t.Name).Append(" (").AppendJoin(", ", columns.Select(t.Col)).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = "@p" + (r * columns.Length + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        sql.Append(' ').Append(onConflict);
        command.CommandText = sql.ToString();
        return command;
    }

    private TableNames Table<T>() => StoreNames.Table<T>(db);
}
