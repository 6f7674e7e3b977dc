using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalCollections.UnitTests.Transactions;

/// <summary>The finalizer writes end states as plain statements; a restart's reconciliation can hand it thousands at once.</summary>
public sealed class TransactionFinalizerTests : IAsyncDisposable
{
    private readonly OutboxServices _outbox = new(ConfirmationTrackerTests.ChainCalls.Create(head: 100).Gateway);

    [Fact]
    public async Task Five_thousand_confirmations_at_once_are_all_stored()
    {
        // 5,000 rows of eight parameters each: several bounded commands in one transaction.
        var hashes = Enumerable.Range(0, 5_000).Select(i => $"0x{i:x64}").ToList();
        var rows = await _outbox.AddSentTransfersAsync(ConfirmationTrackerTests.Deployment.Key, hashes);

        var mined = rows.Select((row, i) => (row.Id, new MinedTransaction(row.TransactionHash!, 50 + i % 40, $"0xblock{50 + i % 40}", true, null, 1_800_000_000)))
            .ToList();
        await _outbox.Finalizer.ConfirmOrFailAsync(mined, CancellationToken.None);

        using var scope = _outbox.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(5_000, await db.ChainTransactions.CountAsync(t => t.State == TransactionStates.Confirmed && t.BlockNumber >= 50));
        Assert.Equal(0, await db.ChainTransactions.CountAsync(t => t.State != TransactionStates.Confirmed));
    }

    [Fact]
    public async Task A_row_already_ended_is_left_as_it_is()
    {
        var row = (await _outbox.AddSentTransfersAsync(ConfirmationTrackerTests.Deployment.Key, ["0x" + new string('c', 64)])).Single();
        var mined = new MinedTransaction(row.TransactionHash!, 60, "0xblock60", true, null, 1_800_000_000);
        await _outbox.Finalizer.ConfirmOrFailAsync([(row.Id, mined)], CancellationToken.None);
        // A replay (reconciliation after a crash) reports the same transaction in another block: nothing changes.
        await _outbox.Finalizer.ConfirmOrFailAsync([(row.Id, mined with { BlockNumber = 61, BlockHash = "0xblock61" })], CancellationToken.None);

        using var scope = _outbox.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking().SingleAsync(t => t.Id == row.Id);
        Assert.Equal(TransactionStates.Confirmed, stored.State);
        Assert.Equal(60, stored.BlockNumber);
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();
}
