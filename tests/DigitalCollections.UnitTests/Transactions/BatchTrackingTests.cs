using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Transactions;

/// <summary>The tracker watches a batch by its one hash for all its rows; a batch reverted as a whole goes back to its lane.</summary>
public sealed class BatchTrackingTests : IAsyncDisposable
{
    private const string Hash = "0x4444444444444444444444444444444444444444444444444444444444444444";
    private const string Relayer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private readonly ConfirmationTrackerTests.ChainCalls _chain = new(head: 30);
    private readonly OutboxServices _outbox;
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);

    public BatchTrackingTests() => _outbox = new OutboxServices(_chain, ConfirmationTrackerTests.Deployment);

    private ConfirmationTracker Tracker() => new(_chain, _outbox.Finalizer, _outbox.Index,
        Options.Create(new ChainOptions { PollIntervalMilliseconds = 20 }), Resilience.Pipelines(_clock), _clock, NullLogger<ConfirmationTracker>.Instance);

    /// <summary>Three sent transfers that went out as one batch transaction.</summary>
    private async Task<List<ChainTransaction>> SentBatchAsync()
    {
        var rows = Enumerable.Range(0, 3).Select(i => new ChainTransaction
        {
            Id = Guid.CreateVersion7(),
            DeploymentKey = ConfirmationTrackerTests.Deployment.Key,
            Kind = TransactionKinds.Transfer,
            State = TransactionStates.Sent,
            RequestJson = "{}",
            CallData = "0x",
            TokenId = 7 + i,
            Relayer = Relayer,
            Nonce = 3,
            TransactionHash = Hash,
            BatchIndex = i,
            BatchSize = 3,
            CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        using var scope = _outbox.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChainTransactions.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    private async Task<Dictionary<Guid, ChainTransaction>> StoredAsync()
    {
        using var scope = _outbox.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking().ToDictionaryAsync(t => t.Id);
    }

    [Fact]
    public async Task A_mined_batch_confirms_every_row_it_carries()
    {
        var rows = await SentBatchAsync();
        var tracker = Tracker();
        tracker.StartAfter(30);
        var waiters = rows.Select(r => _outbox.Waiters.Register(r.Id)).ToList();
        tracker.Expect(rows);
        _chain.Mined[Hash] = new MinedTransaction(Hash, 30, "0xblock30", true, null, 1_800_000_000, new BatchLogs([], 3, null));
        using var stop = new CancellationTokenSource();
        var running = tracker.RunAsync(stop.Token);
        _clock.Advance(TimeSpan.FromSeconds(2)); // past the receipt fallback

        foreach (var waiter in waiters) Assert.Equal(TransactionStates.Confirmed, (await waiter.WaitAsync(TimeSpan.FromSeconds(10))).Transaction.State);
        Assert.All((await StoredAsync()).Values, t => Assert.Equal((TransactionStates.Confirmed, 30L), (t.State, t.BlockNumber!.Value)));
        Assert.Equal(0, tracker.PendingCount);

        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
    }

    [Fact]
    public async Task A_batch_reverted_as_a_whole_fails_none_of_its_rows_and_goes_back_to_its_lane()
    {
        var rows = await SentBatchAsync();
        var tracker = Tracker();
        tracker.StartAfter(30);
        tracker.Expect(rows);
        _chain.Mined[Hash] = new MinedTransaction(Hash, 30, "0xblock30", false, null); // out of gas, say
        using var stop = new CancellationTokenSource();
        var running = tracker.RunAsync(stop.Token);
        _clock.Advance(TimeSpan.FromSeconds(2));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var stalled = await tracker.Stalled.ReadAsync(timeout.Token);
        Assert.Equal(new StalledTransaction(rows[0].Id, Hash, Relayer, StallKind.Reverted), stalled);
        Assert.Equal(0, tracker.PendingCount);
        Assert.All((await StoredAsync()).Values, t => Assert.Equal(TransactionStates.Sent, t.State));

        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
    }

    [Fact]
    public void A_transaction_view_shows_its_batch_and_a_lone_write_none()
    {
        var row = new ChainTransaction
        {
            Id = Guid.CreateVersion7(), DeploymentKey = "k", Kind = TransactionKinds.Mint, State = TransactionStates.Sent,
            RequestJson = "{}", CallData = "0x", TransactionHash = Hash, Nonce = 1, BatchIndex = 5, BatchSize = 32,
        };
        Assert.Equal(new TransactionBatch(Hash, 32, 5), TransactionView.From(row).Batch);
        row.BatchIndex = row.BatchSize = null;
        Assert.Null(TransactionView.From(row).Batch);
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();

    private sealed class FixedClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}
