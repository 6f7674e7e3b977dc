using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalCollections.UnitTests.TestSupport;

/// <summary>The API's migrated SQLite database in a temporary folder, with a finalizer writing to it.</summary>
internal sealed class OutboxServices : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    /// <param name="indexClock">The index's clock (how long ago it looked at the head); the system clock by default.</param>
    /// <param name="contract">The contract's reads the finalizer may make (a revert's reason); none by default.</param>
    public OutboxServices(IChainReader chain, Deployment deployment, TimeProvider? indexClock = null, IContractReader? contract = null)
    {
        IndexWriter = new IndexStatus.Writer(indexClock ?? TimeProvider.System);
        Services = new ServiceCollection().AddLogging().AddAppDatabase(new StorageOptions { DataDirectory = _dir.Path }, _dir.Path)
            .BuildServiceProvider();
        using (var scope = Services.CreateScope()) scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
        Finalizer = new TransactionFinalizer(Services.GetRequiredService<IServiceScopeFactory>(), chain, contract ?? new FakeContractReader(), deployment, new ContentStore(_dir.Path),
            Waiters, new KeyedLocks(), Writes, TimeProvider.System, NullLogger<TransactionFinalizer>.Instance);
    }

    public ServiceProvider Services { get; }
    /// <summary>The index's status as the indexer changes it; <see cref="Index"/> is what the rest of the API reads.</summary>
    public IndexStatus.Writer IndexWriter { get; }
    public IndexStatus Index => IndexWriter.Status;
    public WriteWatermark Writes { get; } = new();
    public TransactionWaiters Waiters { get; } = new();
    public TransactionFinalizer Finalizer { get; }

    /// <summary>Sent transfers of token 7, one per hash, stored in the outbox.</summary>
    public async Task<List<ChainTransaction>> AddSentTransfersAsync(string deploymentKey, IEnumerable<string> hashes)
    {
        var rows = hashes.Select(hash => new ChainTransaction
        {
            Id = Guid.CreateVersion7(),
            DeploymentKey = deploymentKey,
            Kind = TransactionKinds.Transfer,
            State = TransactionStates.Sent,
            RequestJson = "{}",
            CallData = "0x",
            TokenId = 7,
            TransactionHash = hash,
            CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChainTransactions.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
