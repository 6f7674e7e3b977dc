using DigitalCollections.Api.Audit;
using DigitalCollections.Api.Data;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.UnitTests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 16, 0, 0, 123, TimeSpan.Zero);

    private static async Task<List<AuditEntry>> AppendThreeAsync(AppDbContext db)
    {
        var trail = new AuditTrail(db, new FixedTimeProvider(T0));
        await trail.AppendAsync("cli", AuditActions.AdminKeyCreated, new { keyId = "a" }, CancellationToken.None);
        await trail.AppendAsync("admin-key:a", AuditActions.ContractPaused, new { relayer = "0x1" }, CancellationToken.None);
        await trail.AppendAsync("admin-key:a", AuditActions.AdminKeyRevoked, new { keyId = "a" }, CancellationToken.None);
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    [Fact]
    public async Task Appended_rows_link_each_to_the_one_before_and_verify()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var rows = await AppendThreeAsync(temp.Db);

        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Sequence));
        Assert.Equal(AuditChain.Genesis, rows[0].PreviousHash);
        Assert.Equal(rows[0].Hash, rows[1].PreviousHash);
        Assert.Equal(rows[1].Hash, rows[2].PreviousHash);
        Assert.Equal("{\"relayer\":\"0x1\"}", rows[1].Details);
        Assert.Equal(T0, rows[0].At); // millisecond time survives the store exactly: the hash is over it
        Assert.Null(AuditChain.FindBreak(rows));
    }

    [Fact]
    public async Task An_append_joins_the_callers_transaction_and_rolls_back_with_it()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var trail = new AuditTrail(temp.Db, new FixedTimeProvider(T0));
        await using (var tx = await temp.Db.Database.BeginTransactionAsync())
        {
            await trail.AppendAsync("cli", AuditActions.WebhookCreated, null, CancellationToken.None);
            await tx.RollbackAsync();
        }
        temp.Db.ChangeTracker.Clear();
        Assert.Equal(0, await temp.Db.AuditEntries.CountAsync());

        var entry = await trail.AppendAsync("cli", AuditActions.WebhookCreated, null, CancellationToken.None);
        Assert.Equal(1, entry.Sequence); // the rolled-back row left no trace in the chain
        Assert.Equal("{}", entry.Details);
    }

    [Theory]
    [InlineData("actor")]
    [InlineData("action")]
    [InlineData("details")]
    [InlineData("at")]
    public async Task An_edited_field_breaks_the_chain_at_that_row(string field)
    {
        await using var temp = await TempDatabase.CreateAsync();
        var rows = await AppendThreeAsync(temp.Db);
        var edited = rows[1];
        switch (field)
        {
            case "actor": edited.Actor = "admin-key:b"; break;
            case "action": edited.Action = AuditActions.ContractUnpaused; break;
            case "details": edited.Details = "{\"relayer\":\"0x2\"}"; break;
            default: edited.At = edited.At.AddMilliseconds(1); break;
        }
        var broken = AuditChain.FindBreak(rows);
        Assert.NotNull(broken);
        Assert.Equal(2, broken.Sequence);
        Assert.Contains("changed", broken.Reason);
    }

    [Fact]
    public async Task A_row_rewritten_with_a_fresh_hash_breaks_the_link_of_the_next()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var rows = await AppendThreeAsync(temp.Db);
        rows[1].Details = "{}";
        rows[1].Hash = AuditChain.HashOf(rows[1]);
        var broken = AuditChain.FindBreak(rows);
        Assert.Equal(3, broken!.Sequence);
        Assert.Contains("previous hash", broken.Reason);
    }

    [Fact]
    public async Task A_deleted_row_is_a_gap()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var rows = await AppendThreeAsync(temp.Db);
        Assert.Equal(3, AuditChain.FindBreak([rows[0], rows[2]])!.Sequence);
        Assert.Equal(2, AuditChain.FindBreak([rows[1], rows[2]])!.Sequence); // the first row gone
        Assert.Null(AuditChain.FindBreak([rows[2]], rows[1])); // a check resumed after a verified row
    }

    [Fact]
    public async Task Concurrent_appends_from_separate_connections_never_fork_the_chain()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var storage = new Api.Storage.StorageOptions { DataDirectory = temp.Directory.Path };
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await using var db = AppDatabase.Open(storage, temp.Directory.Path);
            var trail = new AuditTrail(db, TimeProvider.System);
            for (var n = 0; n < 5; n++) await trail.AppendAsync($"writer-{i}", AuditActions.WebhookChanged, new { n }, CancellationToken.None);
        })));
        var rows = await temp.Db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), rows.Select(r => r.Sequence));
        Assert.Null(AuditChain.FindBreak(rows));
    }

    [Fact]
    public void The_encoding_keeps_fields_apart()
    {
        // Without lengths these two would hash the same bytes.
        Assert.NotEqual(AuditChain.HashOf(1, T0, "ab", "c", "{}", AuditChain.Genesis), AuditChain.HashOf(1, T0, "a", "bc", "{}", AuditChain.Genesis));
        Assert.Equal(AuditChain.HashOf(1, T0, "a", "b", "{}", AuditChain.Genesis), AuditChain.HashOf(1, T0, "a", "b", "{}", AuditChain.Genesis));
    }
}
