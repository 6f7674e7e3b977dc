using System.Security.Cryptography;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalCollections.UnitTests.Storage;

/// <summary>Stored bytes no work and no mint in flight refer to are deleted, once older than the grace period.</summary>
public sealed class OrphanContentSweeperTests : IAsyncDisposable
{
    private const int Limit = 1024;
    private readonly TempDirectory _dir = new();
    private readonly SteppingClock _clock = new(DateTimeOffset.UtcNow);
    private readonly ServiceProvider _services;
    private readonly ContentStore _store;
    private readonly OrphanContentSweeper _sweeper;

    public OrphanContentSweeperTests()
    {
        _services = new ServiceCollection().AddLogging().AddAppDatabase(new StorageOptions { DataDirectory = _dir.Path }, _dir.Path)
            .BuildServiceProvider();
        using (var scope = _services.CreateScope()) scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
        _store = new ContentStore(_dir.Path, Limit, _clock);
        _sweeper = new OrphanContentSweeper(_store, new KeyedLocks(), _services.GetRequiredService<IServiceScopeFactory>(), _clock,
            NullLogger<OrphanContentSweeper>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> use)
    {
        using var scope = _services.CreateScope();
        return await use(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task WithDbAsync(Func<AppDbContext, Task> use) => WithDbAsync(async db => { await use(db); return 0; });

    private async Task<string> StoreAsync(int size)
    {
        var staged = await _store.StageAsync(new MemoryStream(RandomNumberGenerator.GetBytes(size)), default);
        await WithDbAsync(db => _store.CommitAsync(staged, db, default));
        return staged.ContentHash;
    }

    private Task AddWorkAsync(string hash) => WithDbAsync(async db =>
    {
        db.Works.Add(new WorkRecord
        {
            DeploymentKey = "31337-test", TokenId = Random.Shared.NextInt64(1, long.MaxValue), ContentHash = hash, Title = "t",
            ContentType = "application/octet-stream", Creator = "0x0", TransactionHash = "0x0", RegisteredAt = _clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    });

    private Task AddMintAsync(string hash, string state) => WithDbAsync(async db =>
    {
        db.ChainTransactions.Add(new ChainTransaction
        {
            Id = Guid.CreateVersion7(), DeploymentKey = "31337-test", Kind = TransactionKinds.Mint, State = state,
            RequestJson = "{}", CallData = "0x", ContentHash = hash, CreatedAt = _clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    });

    private Task<bool> HeldAsync(string hash) => WithDbAsync(db => _store.ContainsAsync(hash, db, default));

    [Fact]
    public async Task Only_old_unreferenced_rows_and_files_are_deleted()
    {
        var orphanRow = await StoreAsync(100);
        var workRow = await StoreAsync(100);
        var queuedRow = await StoreAsync(100);
        var sentRow = await StoreAsync(100);
        var failedRow = await StoreAsync(100);
        var orphanFile = await StoreAsync(Limit + 1);
        var workFile = await StoreAsync(Limit + 1);
        await AddWorkAsync(workRow);
        await AddWorkAsync(workFile);
        await AddMintAsync(queuedRow, TransactionStates.Queued);
        await AddMintAsync(sentRow, TransactionStates.Sent);
        await AddMintAsync(failedRow, TransactionStates.Failed);

        Assert.Equal(0, await _sweeper.SweepOnceAsync(default)); // all within the grace period

        _clock.Advance(OrphanContentSweeper.Grace + TimeSpan.FromMinutes(1));
        var freshOrphan = await StoreAsync(100);
        var freshFile = await StoreAsync(Limit + 1);

        Assert.Equal(3, await _sweeper.SweepOnceAsync(default));
        foreach (var gone in new[] { orphanRow, failedRow, orphanFile }) Assert.False(await HeldAsync(gone), gone);
        foreach (var kept in new[] { workRow, queuedRow, sentRow, workFile, freshOrphan, freshFile }) Assert.True(await HeldAsync(kept), kept);
    }

    [Fact]
    public async Task Storing_the_same_bytes_again_renews_their_time()
    {
        var bytes = RandomNumberGenerator.GetBytes(100);
        var large = RandomNumberGenerator.GetBytes(Limit + 1);
        foreach (var content in new[] { bytes, large })
            await WithDbAsync(async db => await _store.CommitAsync(await _store.StageAsync(new MemoryStream(content), default), db, default));
        _clock.Advance(OrphanContentSweeper.Grace + TimeSpan.FromMinutes(1));

        // A new mint of the same bytes keeps them again, just before recording its outbox row.
        foreach (var content in new[] { bytes, large })
            await WithDbAsync(async db => await _store.CommitAsync(await _store.StageAsync(new MemoryStream(content), default), db, default));

        Assert.Equal(0, await _sweeper.SweepOnceAsync(default));
    }

    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public void Advance(TimeSpan by) => _now += by;
        public override DateTimeOffset GetUtcNow() => _now;
    }
}
