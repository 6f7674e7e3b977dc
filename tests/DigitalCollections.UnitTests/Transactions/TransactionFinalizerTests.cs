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
    private readonly OutboxServices _outbox = new(new ConfirmationTrackerTests.ChainCalls(head: 100), ConfirmationTrackerTests.Deployment);

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

    [Fact]
    public async Task A_mint_mined_without_its_registration_fails_alone_and_the_rest_of_the_batch_confirms()
    {
        var transfers = await _outbox.AddSentTransfersAsync(ConfirmationTrackerTests.Deployment.Key, ["0x" + new string('1', 64), "0x" + new string('2', 64)]);
        var mint = await AddSentMintAsync("0x" + new string('3', 64));
        var outcome = _outbox.Waiters.Register(mint.Id);
        // A "successful" call without the contract's event: what a chain without our code mines.
        var mined = transfers.Append(mint)
            .Select(row => (row.Id, new MinedTransaction(row.TransactionHash!, 70, "0xblock70", true, null, 1_800_000_000))).ToList();

        await _outbox.Finalizer.ConfirmOrFailAsync(mined, CancellationToken.None);

        using var scope = _outbox.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.ChainTransactions.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.All(transfers, t => Assert.Equal(TransactionStates.Confirmed, stored[t.Id].State));
        Assert.Equal(TransactionStates.Failed, stored[mint.Id].State);
        Assert.Equal("no-registration", stored[mint.Id].FailureCode);
        Assert.Contains("WorkRegistered", stored[mint.Id].FailureReason);
        Assert.Equal(0, await db.Works.CountAsync());
        Assert.Equal(TransactionStates.Failed, (await outcome.WaitAsync(TimeSpan.FromSeconds(5))).Transaction.State);
    }

    [Fact]
    public async Task At_a_chain_reset_every_open_write_fails_with_the_reason_and_ended_ones_stay()
    {
        var confirmed = (await _outbox.AddSentTransfersAsync(ConfirmationTrackerTests.Deployment.Key, ["0x" + new string('4', 64)])).Single();
        await _outbox.Finalizer.ConfirmOrFailAsync(
            [(confirmed.Id, new MinedTransaction(confirmed.TransactionHash!, 80, "0xblock80", true, null, 1_800_000_000))], CancellationToken.None);
        var open = await _outbox.AddSentTransfersAsync(ConfirmationTrackerTests.Deployment.Key, ["0x" + new string('5', 64), "0x" + new string('6', 64)]);
        var mint = await AddSentMintAsync("0x" + new string('7', 64));
        var waiter = _outbox.Waiters.Register(mint.Id);

        Assert.Equal(3, await _outbox.Finalizer.FailOpenAsync("chain-reset", "The chain was reset.", CancellationToken.None));
        Assert.Equal(0, await _outbox.Finalizer.FailOpenAsync("chain-reset", "The chain was reset.", CancellationToken.None)); // repeatable

        using var scope = _outbox.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.Equal(TransactionStates.Confirmed, stored[confirmed.Id].State);
        Assert.All(open.Append(mint), t =>
        {
            Assert.Equal(TransactionStates.Failed, stored[t.Id].State);
            Assert.Equal("chain-reset", stored[t.Id].FailureCode);
            Assert.NotNull(stored[t.Id].CompletedAt);
        });
        Assert.Equal("chain-reset", (await waiter.WaitAsync(TimeSpan.FromSeconds(5))).Transaction.FailureCode);
    }

    private async Task<ChainTransaction> AddSentMintAsync(string hash)
    {
        var request = new MintRequest("0x" + new string('e', 64), "T", null, "image/png", "a.png", 3, "0x1", "0x2", 0);
        var row = new ChainTransaction
        {
            Id = Guid.CreateVersion7(),
            DeploymentKey = ConfirmationTrackerTests.Deployment.Key,
            Kind = TransactionKinds.Mint,
            State = TransactionStates.Sent,
            RequestJson = System.Text.Json.JsonSerializer.Serialize(request, ChainTransaction.JsonOptions),
            CallData = "0x",
            ContentHash = request.ContentHash,
            TransactionHash = hash,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        using var scope = _outbox.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChainTransactions.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();
}
