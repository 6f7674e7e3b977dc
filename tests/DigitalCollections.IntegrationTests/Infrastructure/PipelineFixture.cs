using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>
/// A node of its own for the write-pipeline tests: they start their own API instances (faulty RPC,
/// killed processes, automine off), which must not disturb the shared collection's API.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public HardhatNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await HardhatNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public string NewDataDirectory() => Directory.CreateDirectory(Path.Combine(Node.WorkDirectory, "api-" + Guid.NewGuid().ToString("N"))).FullName;

    public Task<long> TotalWorksAsync() => new DirectChain(Node.RpcUrl, Node.DeploymentFile).TotalWorksAsync();

    public Task SetAutomineAsync(bool on) => Node.RpcAsync("evm_setAutomine", on);

    public Task MineAsync() => Node.RpcAsync("evm_mine");

    /// <summary>Opens an API data folder's database directly, as an operator would (its SQLite file, or its PostgreSQL database).</summary>
    public static AppDbContext OpenDatabase(string dataDirectory) => TestStore.Open(dataDirectory);

    public static async Task<List<ChainTransaction>> OutboxAsync(string dataDirectory)
    {
        await using var db = OpenDatabase(dataDirectory);
        return await db.ChainTransactions.AsNoTracking().ToListAsync();
    }

    /// <summary>Every relayer's outbox nonces, in order, must be exactly the chain's 0..count-1 sequence (no gaps, no reuse).</summary>
    public async Task AssertNoNonceGapsAsync(IEnumerable<ChainTransaction> rows)
    {
        foreach (var lane in rows.Where(r => r.Nonce is not null).GroupBy(r => r.Relayer!))
        {
            // The rows of one batch share its transaction, so its nonce: each transaction counts once.
            var nonces = lane.Where(r => r.State == TransactionStates.Confirmed).DistinctBy(r => r.TransactionHash, StringComparer.OrdinalIgnoreCase)
                .Select(r => r.Nonce!.Value).OrderBy(n => n).ToList();
            Assert.Equal(nonces.Count, nonces.Distinct().Count());
            var sent = await Node.TransactionCountAsync(lane.Key);
            // Every nonce from the lane's first to the chain's count was used by one of our confirmed rows.
            Assert.Equal(Enumerable.Range((int)nonces[0], (int)(sent - nonces[0])).Select(n => (long)n), nonces);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
