using System.Text.Json.Nodes;
using DigitalCollections.Api.Chain;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.Extensions.Options;
using Nethereum.Util;

namespace DigitalCollections.UnitTests.Chain;

/// <summary>The chain readers over the JSON-RPC transport, against a node in memory.</summary>
public sealed class ChainReaderTests
{
    private static readonly Deployment Deployment = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, "0xgenesis", []);
    private readonly StubRpcNode _node = new();

    private ChainReader Reader(int timeoutSeconds = 10) => new(_node.Transport(timeoutSeconds), new ChainDecoder(Deployment), Deployment);

    private ContractReader Contract() =>
        new(_node.Transport(), Reader(), Deployment, Options.Create(new ChainOptions()), TimeProvider.System);

    private static object Header(long n) => new
    {
        number = "0x" + n.ToString("x"), hash = "0xh" + n, parentHash = "0xh" + (n - 1), timestamp = "0x" + (1_800_000_000 + n).ToString("x"),
    };

    [Fact]
    public async Task Headers_come_in_batches_of_500_matched_by_id_and_blocks_past_the_head_are_left_out()
    {
        _node.ReverseBatches = true;
        _node.Answer = (method, p) => Convert.ToInt64(p[0]!.GetValue<string>(), 16) is var n && n <= 1000 ? Header(n) : null;

        var headers = await Reader().GetBlockHeadersAsync(Enumerable.Range(1, 1200).Select(i => (long)i).ToList(), CancellationToken.None);

        Assert.Equal(3, _node.HttpRequests);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), headers.Select(h => h.Number));
        Assert.All(headers, h => Assert.Equal("0xh" + h.Number, h.Hash));
    }

    [Fact]
    public async Task The_block_time_cache_stays_within_its_bound_and_answers_a_known_block_without_asking()
    {
        _node.Answer = (_, p) => new { timestamp = "0x" + (p[0]!.GetValue<string>().Length * 1000L).ToString("x") };
        var reader = Reader();
        for (var i = 0; i < ChainReader.MaxBlockTimes + 50; i++)
            await reader.GetBlockTimeAsync("0x" + i.ToString("x64"), i, CancellationToken.None);
        Assert.InRange(reader.CachedBlockTimes, 1, ChainReader.MaxBlockTimes);

        var asked = _node.HttpRequests;
        var last = "0x" + (ChainReader.MaxBlockTimes + 49).ToString("x64");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(66_000), await reader.GetBlockTimeAsync(last, 0, CancellationToken.None));
        Assert.Equal(asked, _node.HttpRequests);
    }

    [Fact]
    public async Task A_cancelled_read_is_cancelled_and_a_node_that_does_not_answer_in_time_is_chain_unavailable()
    {
        _node.Hang = true;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reader().GetBlockNumberAsync(cancel.Token));

        await Assert.ThrowsAsync<ChainUnavailableException>(() => Reader(timeoutSeconds: 1).GetBlockNumberAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_revert_in_a_gas_estimate_is_decoded_and_a_missing_token_reads_as_null()
    {
        var invalidSignature = "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash("InvalidSignature()"u8.ToArray())[..4]);
        var nonexistent = "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash("ERC721NonexistentToken(uint256)"u8.ToArray())[..4]) + 7L.ToString("x64");
        _node.Answer = (method, p) => method switch
        {
            // Hardhat nests the data in an object for estimates and gives it plain for calls: both are read.
            "eth_estimateGas" => new StubRpcNode.RpcError(-32603, "reverted", new JsonObject { ["data"] = invalidSignature }),
            "eth_call" when p[0]!["data"]!.GetValue<string>().Length > 10 + 64 => "0x" + 10_000L.ToString("x64") + 500L.ToString("x64"),
            "eth_call" => new StubRpcNode.RpcError(3, "execution reverted", JsonValue.Create(nonexistent)),
            _ => throw new NotSupportedException(method),
        };

        var e = await Assert.ThrowsAsync<ContractRevertedException>(() => Contract().EstimateGasAsync(Deployment.ContractAddress, "0x", CancellationToken.None));
        Assert.Equal("InvalidSignature", e.Error.Name);
        Assert.Null(await Contract().GetWorkAsync(7, CancellationToken.None));
    }

    [Fact]
    public async Task A_receipt_tells_the_block_the_outcome_and_the_token_our_contract_registered()
    {
        var log = new
        {
            address = Deployment.ContractAddress.ToLowerInvariant(),
            topics = new[] { ChainDecoder.WorkRegisteredTopic, 42L.ToString("x64").Insert(0, "0x"), "0x" + new string('0', 24) + new string('a', 40), "0x" + new string('b', 64) },
        };
        _node.Answer = (_, p) => p[0]!.GetValue<string>() == "0xpending"
            ? null
            : new { transactionHash = "0xmined", blockNumber = "0x10", blockHash = "0xb16", status = "0x1", logs = new[] { log } };

        var mined = await Reader().GetMinedTransactionAsync("0xmined", CancellationToken.None);
        Assert.Equal(new MinedTransaction("0xmined", 16, "0xb16", true, 42), mined);
        Assert.Null(await Reader().GetMinedTransactionAsync("0xpending", CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_receipt_names_each_registration_transfer_and_skipped_item_with_its_reason()
    {
        static string Word(string hex) => "0x" + hex.PadLeft(64, '0');
        var contract = Deployment.ContractAddress.ToLowerInvariant();
        var creator = "0x" + new string('0', 24) + new string('a', 40);
        var logs = new object[]
        {
            new { address = contract, topics = new[] { ChainDecoder.TransferTopic, Word("0"), creator, Word("2a") }, data = "0x" },
            new { address = contract, topics = new[] { ChainDecoder.WorkRegisteredTopic, Word("2a"), creator, "0x" + new string('b', 64) }, data = "0x" },
            // MintSkipped(index 1, contentHash, reason): the bytes4 reason left-aligned in the second data word.
            new { address = contract, topics = new[] { ChainDecoder.MintSkippedTopic, Word("1") }, data = "0x" + new string('b', 64) + "3cbe9d2e" + new string('0', 56) },
            new { address = contract, topics = new[] { ChainDecoder.TransferSkippedTopic, Word("3") }, data = "0x" + 7L.ToString("x64") + "8baa579f" + new string('0', 56) },
            // Another contract's log of the same shape is not ours.
            new { address = "0x" + new string('1', 40), topics = new[] { ChainDecoder.MintSkippedTopic, Word("0") }, data = "0x" + new string('0', 128) },
        };
        _node.Answer = (_, _) => new { transactionHash = "0xbatch", blockNumber = "0x11", blockHash = "0xb17", status = "0x1", logs };

        var batch = await Reader().GetBatchLogsAsync("0xbatch", CancellationToken.None);

        Assert.Equal([new RegisteredToken(42, "0x" + new string('b', 64))], batch!.Registered);
        Assert.Equal(1, batch.Transfers);
        Assert.Equal([new BatchSkip(1, "0x3cbe9d2e"), new BatchSkip(3, "0x8baa579f")], batch.Skips!);
    }
}
