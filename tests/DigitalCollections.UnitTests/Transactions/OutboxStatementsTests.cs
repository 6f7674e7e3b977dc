using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.UnitTests.Transactions;

/// <summary>
/// The send lanes record new outbox rows with a hand-written INSERT. It must write every column the model
/// maps, and a row written that way must read back exactly as EF Core would have stored it.
/// </summary>
public sealed class OutboxStatementsTests
{
    [Fact]
    public void The_outbox_insert_names_every_mapped_column_once()
    {
        using var dir = new TempDirectory();
        using var sqlite = AppDatabase.Open(new StorageOptions { DataDirectory = dir.Path }, dir.Path);
        var mapped = sqlite.Model.FindEntityType(typeof(ChainTransaction))!.GetProperties().Select(p => p.Name).Order().ToList();
        Assert.Equal(mapped, OutboxWrites.OutboxColumns.Select(c => c.Property).Order().ToList());
    }

    [Fact]
    public void The_work_insert_names_every_mapped_column_but_the_generated_key()
    {
        using var dir = new TempDirectory();
        using var sqlite = AppDatabase.Open(new StorageOptions { DataDirectory = dir.Path }, dir.Path);
        var entity = sqlite.Model.FindEntityType(typeof(WorkRecord))!;
        // A column with a database default (EditionSize, for rows older than it) is still written by the INSERT.
        var mapped = entity.GetProperties().Where(p => !p.IsPrimaryKey())
            .Select(p => p.Name).Order().ToList();
        Assert.DoesNotContain(nameof(WorkRecord.Id), mapped);
        Assert.Equal(mapped, FinalizedRows.WorkColumns.Select(c => c.Property).Order().ToList());
    }

    [Fact]
    public async Task A_row_inserted_by_hand_reads_back_as_written()
    {
        await using var database = await TempDatabase.CreateAsync();
        var row = new ChainTransaction
        {
            Id = Guid.CreateVersion7(),
            DeploymentKey = "31337:0xabc:0xdef",
            Kind = TransactionKinds.Mint,
            State = TransactionStates.Queued,
            RequestJson = "{\"title\":\"x\"}",
            CallData = "0x1234",
            ContentHash = "0x" + new string('a', 64),
            GasLimit = 210_000,
            Relayer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            Nonce = 42,
            GasPrice = "1875000000",
            SignedTransaction = "0xf8",
            TransactionHash = "0x" + new string('b', 64),
            CreatedAt = new DateTimeOffset(2026, 11, 26, 7, 0, 0, 123, TimeSpan.Zero),
        };
        var statements = new StatementBatch();
        statements.Insert(StoreNames.Table<ChainTransaction>(database.Db), OutboxWrites.OutboxColumns, row);
        Assert.Equal(1, await statements.ExecuteAsync(database.Db, CancellationToken.None));

        var stored = await database.Db.ChainTransactions.AsNoTracking().SingleAsync(t => t.Id == row.Id);
        Assert.Equivalent(row, stored, strict: true);
        // Found by the queries that look for it (in-flight content, state).
        Assert.True(await database.Db.ChainTransactions.AnyAsync(t => t.ContentHash == row.ContentHash && t.State == TransactionStates.Queued));
        Assert.True(await database.Db.ChainTransactions.AnyAsync(t => t.CreatedAt == row.CreatedAt));
    }
}
