using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Transactions;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalCollections.UnitTests.Transactions;

/// <summary>A mined batch transaction ends each of its rows by its own item's part of the logs.</summary>
public sealed class BatchFinalizerTests : IAsyncDisposable
{
    private const string BatchHash = "0x" + "ba" + "0000000000000000000000000000000000000000000000000000000000ba";
    private static readonly string ContentA = "0x" + new string('a', 64);
    private static readonly string ContentB = "0x" + new string('b', 64);
    private static readonly string AlreadyRegistered = SelectorOf("WorkAlreadyRegistered(bytes32,uint256)");

    private readonly Receipts _chain = new();
    private readonly Replays _contract = new();
    private readonly OutboxServices _outbox;

    public BatchFinalizerTests() => _outbox = new OutboxServices(_chain, ConfirmationTrackerTests.Deployment, contract: _contract);

    [Fact]
    public async Task A_duplicate_inside_a_batch_fails_alone_with_the_single_calls_reason_and_the_others_are_minted()
    {
        // Items 0 and 1 carry the same bytes: the contract minted 0 and skipped 1; item 2 was minted.
        var rows = await AddBatchAsync(ContentA, ContentA, ContentB);
        var waiters = rows.Select(r => _outbox.Waiters.Register(r.Id)).ToList();
        // The index's feed: the two registrations, no skip event (its filter leaves them out).
        var fromLogs = new MinedTransaction(BatchHash, 90, "0xblock90", true, 10, 1_800_000_000,
            new BatchLogs([new(10, ContentA), new(11, ContentB)], 2, null));
        _chain.Batches[BatchHash] = new BatchLogs([new(10, ContentA), new(11, ContentB)], 2, [new BatchSkip(1, AlreadyRegistered)]);
        _contract.Reverts["0xcall1"] = new ContractError("WorkAlreadyRegistered",
            new Dictionary<string, string> { ["contentHash"] = ContentA, ["tokenId"] = "10" });

        await _outbox.Finalizer.ConfirmOrFailAsync(rows.Select(r => (r.Id, fromLogs)).ToList(), CancellationToken.None);

        using var scope = _outbox.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.ChainTransactions.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.Equal((TransactionStates.Confirmed, 10L), (stored[rows[0].Id].State, stored[rows[0].Id].TokenId!.Value));
        Assert.Equal((TransactionStates.Confirmed, 11L), (stored[rows[2].Id].State, stored[rows[2].Id].TokenId!.Value));
        Assert.Equal(TransactionStates.Failed, stored[rows[1].Id].State);
        Assert.Equal("WorkAlreadyRegistered", stored[rows[1].Id].FailureCode);
        Assert.Null(stored[rows[1].Id].TokenId);
        Assert.Equal([10L, 11L], await db.Works.Select(w => w.TokenId).OrderBy(t => t).ToListAsync());
        Assert.Equal(1, _chain.CallsOf(nameof(IChainReader.GetBatchLogsAsync))); // one receipt for the batch, not one per item

        var skipped = await waiters[1].WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("WorkAlreadyRegistered", skipped.Revert!.Name);
        Assert.Equal("10", skipped.Revert["tokenId"]);
    }

    [Fact]
    public async Task A_skipped_item_whose_replay_now_passes_gets_the_reason_its_selector_names()
    {
        var rows = await AddBatchAsync(ContentA, ContentB);
        var mined = new MinedTransaction(BatchHash, 91, "0xblock91", true, 12, 1_800_000_000);
        _chain.Batches[BatchHash] = new BatchLogs([new(12, ContentA)], 1, [new BatchSkip(1, SelectorOf("InvalidSignature()"))]);

        await _outbox.Finalizer.ConfirmOrFailAsync(rows.Select(r => (r.Id, mined)).ToList(), CancellationToken.None);

        using var scope = _outbox.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.Equal(TransactionStates.Confirmed, stored[rows[0].Id].State);
        Assert.Equal("InvalidSignature", stored[rows[1].Id].FailureCode);
    }

    [Fact]
    public async Task A_batch_whose_logs_account_for_every_item_needs_no_receipt()
    {
        var rows = await AddBatchAsync(ContentA, ContentB);
        var mined = new MinedTransaction(BatchHash, 92, "0xblock92", true, 20, 1_800_000_000,
            new BatchLogs([new(20, ContentA), new(21, ContentB)], 2, null));

        await _outbox.Finalizer.ConfirmOrFailAsync(rows.Select(r => (r.Id, mined)).ToList(), CancellationToken.None);

        using var scope = _outbox.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ChainTransactions.AsNoTracking().ToDictionaryAsync(t => t.Id);
        Assert.Equal([20L, 21L], rows.Select(r => stored[r.Id].TokenId!.Value));
        Assert.Equal(0, _chain.CallsOf(nameof(IChainReader.GetBatchLogsAsync)));
    }

    private async Task<List<ChainTransaction>> AddBatchAsync(params string[] contents)
    {
        var rows = contents.Select((content, i) =>
        {
            var request = new MintRequest(content, $"T{i}", null, "image/png", "a.png", 3, "0x1", "0x2", 0);
            return new ChainTransaction
            {
                Id = Guid.CreateVersion7(),
                DeploymentKey = ConfirmationTrackerTests.Deployment.Key,
                Kind = TransactionKinds.Mint,
                State = TransactionStates.Sent,
                RequestJson = System.Text.Json.JsonSerializer.Serialize(request, ChainTransaction.JsonOptions),
                CallData = $"0xcall{i}",
                ContentHash = content,
                Relayer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                Nonce = 4,
                TransactionHash = BatchHash,
                BatchIndex = i,
                BatchSize = contents.Length,
                CreatedAt = DateTimeOffset.UtcNow,
            };
        }).ToList();
        using var scope = _outbox.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChainTransactions.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    private static string SelectorOf(string signature) =>
        Formats.ToHex(Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(signature))[..4]);

    private sealed class Receipts : FakeChainReader
    {
        public Dictionary<string, BatchLogs> Batches { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override Task<BatchLogs?> GetBatchLogsAsync(string transactionHash, CancellationToken ct) => Answer(Batches.GetValueOrDefault(transactionHash));
    }

    /// <summary>Replays of single calls: the revert named for the call data, else none (it passes now).</summary>
    private sealed class Replays : FakeContractReader
    {
        public Dictionary<string, ContractError> Reverts { get; } = [];

        public override Task<ContractError?> ExplainRevertAsync(string from, string callData, CancellationToken ct) =>
            Task.FromResult(Reverts.GetValueOrDefault(callData));
    }

    public ValueTask DisposeAsync() => _outbox.DisposeAsync();
}
