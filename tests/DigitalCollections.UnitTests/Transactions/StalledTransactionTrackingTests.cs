using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Transactions;

/// <summary>
/// The tracker hands a sent transaction back to its lane when the node no longer knows it (dropped) or it
/// waited too long in the pool (underpriced); a replaced transaction is confirmed by whichever hash is mined.
/// </summary>
public sealed class StalledTransactionTrackingTests : IAsyncDisposable
{
    private const string Hash = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private const string Replacement = "0x3333333333333333333333333333333333333333333333333333333333333333";

    private readonly ConfirmationTrackerTests.ChainCalls _chain = new(head: 20);
    private readonly OutboxServices _outbox;
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public StalledTransactionTrackingTests() => _outbox = new OutboxServices(_chain, ConfirmationTrackerTests.Deployment);

    private ConfirmationTracker Tracker(int replaceAfterSeconds = 60) => new(_chain, _outbox.Finalizer, _outbox.Index,
        Options.Create(new ChainOptions { PollIntervalMilliseconds = 20, ReplaceAfterSeconds = replaceAfterSeconds }),
        Resilience.Pipelines(_clock), _clock, NullLogger<ConfirmationTracker>.Instance);

    private async Task<ChainTransaction> SentAsync()
    {
        var row = (await _outbox.AddSentTransfersAsync(ConfirmationTrackerTests.Deployment.Key, [Hash])).Single();
        row.Relayer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        return row;
    }

    private static async Task<StalledTransaction?> StalledWithinAsync(ConfirmationTracker tracker, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await tracker.Stalled.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_transaction_the_node_no_longer_knows_is_handed_back_as_dropped_and_not_watched_any_more()
    {
        var row = await SentAsync();
        var tracker = Tracker();
        tracker.StartAfter(20);
        _chain.Known = false;
        tracker.Expect(row);
        using var stop = new CancellationTokenSource();
        var running = tracker.RunAsync(stop.Token);

        // Signed moments ago: perhaps not at the node yet. Nothing is handed back.
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await StalledWithinAsync(tracker, TimeSpan.FromMilliseconds(300)));

        _clock.Advance(ConfirmationTracker.DroppedAfter);
        var stalled = await StalledWithinAsync(tracker, TimeSpan.FromSeconds(10));
        Assert.Equal(new StalledTransaction(row.Id, Hash, row.Relayer, StallKind.Dropped), stalled);
        Assert.Equal(0, tracker.PendingCount);

        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
    }

    [Fact]
    public async Task A_transaction_waiting_in_the_pool_past_the_replace_age_is_handed_back_as_underpriced()
    {
        var row = await SentAsync();
        var tracker = Tracker(replaceAfterSeconds: 30);
        tracker.StartAfter(20);
        tracker.Expect(row);
        using var stop = new CancellationTokenSource();
        var running = tracker.RunAsync(stop.Token);

        _clock.Advance(TimeSpan.FromSeconds(10)); // known to the node, not old enough
        Assert.Null(await StalledWithinAsync(tracker, TimeSpan.FromMilliseconds(300)));
        _clock.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(StallKind.Underpriced, (await StalledWithinAsync(tracker, TimeSpan.FromSeconds(10)))!.Kind);

        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
    }

    [Fact]
    public async Task A_replaced_transaction_is_confirmed_by_the_first_hash_when_that_one_is_mined()
    {
        var row = await SentAsync();
        var tracker = Tracker();
        tracker.StartAfter(20);
        var outcome = _outbox.Waiters.Register(row.Id);
        // Replaced at the same nonce, then the first one is mined after all.
        row.TransactionHash = Replacement;
        tracker.Expect(row, replacing: Hash);
        _chain.Mined[Hash] = new MinedTransaction(Hash, 20, "0xblock20", true, null, 1_800_000_000);
        using var stop = new CancellationTokenSource();
        var running = tracker.RunAsync(stop.Token);
        _clock.Advance(TimeSpan.FromSeconds(2)); // past the receipt fallback

        var confirmed = await outcome.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Hash, confirmed.Transaction.TransactionHash);
        using (var scope = _outbox.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking().SingleAsync(t => t.Id == row.Id);
            Assert.Equal(TransactionStates.Confirmed, stored.State);
            Assert.Equal(Hash, stored.TransactionHash);
        }
        Assert.Equal(0, tracker.PendingCount); // the replacement is not watched any more either

        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}
