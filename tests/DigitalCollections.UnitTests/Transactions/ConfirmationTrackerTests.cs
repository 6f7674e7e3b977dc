using System.Collections.Concurrent;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Indexing;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Transactions;

/// <summary>
/// With confirmation depth 0 the tracker confirms from the ranges the index commits. While the index follows
/// the node's pushes it must not read the same blocks again (a call per block for the API and the node);
/// while the index only polls, the tracker still reads the chain itself.
/// </summary>
public sealed class ConfirmationTrackerTests : IAsyncDisposable
{
    internal static readonly Deployment Deployment = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, "0xgenesis", []);
    private const string TxHash = "0x1111111111111111111111111111111111111111111111111111111111111111";

    private readonly ChainCalls _chain = new(head: 12);
    private readonly OutboxServices _outbox;
    private IndexStatus.Writer _index => _outbox.IndexWriter;
    private TransactionWaiters _waiters => _outbox.Waiters;

    // The index's clock stands still: it always looked at the head just now, however slowly the test runs.
    public ConfirmationTrackerTests() => _outbox = new OutboxServices(_chain, Deployment, new FixedTimeProvider(DateTimeOffset.UtcNow));

    [Fact]
    public async Task While_the_index_follows_pushes_its_commits_confirm_and_the_chain_is_not_read()
    {
        _index.FollowsPushes(true);
        var (outcome, calls) = await ConfirmThroughIndexAsync();

        Assert.Equal(TransactionStates.Confirmed, outcome.Transaction.State);
        Assert.Equal(12, outcome.Transaction.BlockNumber);
        // No head or log reads. (A receipt lookup for a write unconfirmed after a second is the tracker's
        // fallback for reverted writes, and may happen on a slow machine: it reads no blocks.)
        Assert.DoesNotContain(calls, call => call is nameof(IChainReader.GetBlockNumberAsync)
            or nameof(IChainReader.GetContractLogsAsync) or nameof(IChainReader.GetContractLogsWithHeadersAsync));

        // And the outbox row says so.
        using var scope = _outbox.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking()
            .SingleAsync(t => t.Id == outcome.Transaction.Id);
        Assert.Equal(TransactionStates.Confirmed, stored.State);
        Assert.Equal(12, stored.BlockNumber);
        Assert.Equal("0xblock12", stored.BlockHash);
        Assert.NotNull(stored.CompletedAt);
    }

    [Fact]
    public async Task While_the_index_polls_the_tracker_reads_the_chain_itself()
    {
        _index.FollowsPushes(false);
        var (outcome, calls) = await ConfirmThroughIndexAsync();

        Assert.Equal(TransactionStates.Confirmed, outcome.Transaction.State);
        Assert.Contains(nameof(IChainReader.GetBlockNumberAsync), calls);
    }

    /// <summary>A sent transfer, the index following at block 11, then the index commits block 12 with its log.</summary>
    private async Task<(TransactionOutcome Outcome, string[] Calls)> ConfirmThroughIndexAsync()
    {
        var row = (await _outbox.AddSentTransfersAsync(Deployment.Key, [TxHash])).Single();

        var options = Options.Create(new ChainOptions { ConfirmationDepth = 0, PollIntervalMilliseconds = 50 });
        var tracker = new ConfirmationTracker(_chain, _outbox.Finalizer, _index.Status, options, Resilience.Pipelines(TimeProvider.System),
            TimeProvider.System, NullLogger<ConfirmationTracker>.Instance);
        _index.Update(11, "0xblock11", 11);
        tracker.StartAfter(11);

        var outcome = _waiters.Register(row.Id);
        tracker.Expect(row);
        using var stop = new CancellationTokenSource();
        var running = tracker.RunAsync(stop.Token);
        await Task.Delay(160); // several poll intervals before the block: a tracker that reads the chain itself does so now

        var header = new BlockHeader(12, "0xblock12", "0xblock11", 1_800_000_000);
        var log = new ContractLog(ContractLogKind.Transfer, 7, "0x00000000000000000000000000000000000000a1",
            "0x00000000000000000000000000000000000000b2", null, null, 12, header.Hash, 0, TxHash);
        _index.Update(12, header.Hash, 12);
        _index.Indexed(new IndexedRange(12, 12, [log], new Dictionary<long, BlockHeader> { [12] = header }));

        var confirmed = await outcome.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
        return (confirmed, _chain.Reads.ToArray());
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();

    /// <summary>A chain whose head is fixed and has no logs; it records every read.</summary>
    internal sealed class ChainCalls(long head) : FakeChainReader
    {
        /// <summary>What eth_getTransactionByHash says of an unmined hash: still in the node's pool.</summary>
        public bool Known { get; set; } = true;
        /// <summary>Hashes with a receipt.</summary>
        public ConcurrentDictionary<string, MinedTransaction> Mined { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override Task<long> GetBlockNumberAsync(CancellationToken ct) => Answer(head);
        public override Task<IReadOnlyList<ContractLog>> GetContractLogsAsync(long fromBlock, long toBlock, CancellationToken ct) =>
            Answer<IReadOnlyList<ContractLog>>([]);
        public override Task<(IReadOnlyList<ContractLog> Logs, IReadOnlyList<BlockHeader> Headers)> GetContractLogsWithHeadersAsync(
            long fromBlock, long toBlock, CancellationToken ct) => Answer<(IReadOnlyList<ContractLog>, IReadOnlyList<BlockHeader>)>(([], []));
        public override Task<MinedTransaction?> GetMinedTransactionAsync(string transactionHash, CancellationToken ct) =>
            Answer(Mined.GetValueOrDefault(transactionHash));
        public override Task<bool> IsKnownTransactionAsync(string transactionHash, CancellationToken ct) => Answer(Known);
    }
}
