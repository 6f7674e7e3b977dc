using System.Collections.Concurrent;
using System.Text.Json;

namespace DigitalCollections.Api.Chain;

/// <summary><see cref="IChainReader"/> over the JSON-RPC transport.</summary>
public sealed class ChainReader(JsonRpcTransport rpc, ChainDecoder decode, Deployment deployment) : IChainReader
{
    /// <summary>Bound of the block time cache: provenance pages repeat blocks, a long history must not grow it forever.</summary>
    internal const int MaxBlockTimes = 10_000;

    /// <summary>Headers per batch: per-block requests would make backfill crawl (one block per tx on automine).</summary>
    private const int HeadersPerBatch = 500;

    // Cleared whole at the bound: a provenance read refills what it needs in one lookup per block.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockTimes = new(StringComparer.OrdinalIgnoreCase);

    private string Contract => deployment.ContractAddress;

    public async Task<ChainStatus> GetStatusAsync(CancellationToken ct)
    {
        // The identity guard asks this before lane batches, so it costs one round trip.
        using var answers = await rpc.BatchAsync(
        [
            new(0, "eth_chainId", []),
            new(1, "eth_blockNumber", []),
            new(2, "eth_getBlockByNumber", ["0x0", false]),
            new(3, "eth_getCode", [Contract, "latest"]),
            new(4, "eth_call", [new { to = Contract, data = PausedCallData }, "latest"]),
        ], ct);
        for (var i = 0; i < 4; i++)
        {
            if (answers[i].ValueKind == JsonValueKind.Undefined)
                throw new ChainUnavailableException("The node's answer to the chain status batch is incomplete.");
        }
        var genesis = answers.TryGetObject(2, out var block) ? block.GetProperty("hash").GetString() : null;
        return new ChainStatus(ChainDecoder.Quantity(answers.Result(0, "eth_chainId").GetString()),
            ChainDecoder.Quantity(answers.Result(1, "eth_blockNumber").GetString()), genesis ?? "",
            IsCode(answers.Result(3, "eth_getCode").GetString()), PausedFrom(answers[4]));
    }

    private static readonly string PausedCallData = OperatorEncoding.PausedCallData();

    /// <summary>A 32-byte boolean from <c>paused()</c>; null for anything else (an error, or no contract answering).</summary>
    private static bool? PausedFrom(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("result", out var result)
        && result.GetString() is { Length: 66 } word
            ? word[2..].Any(c => c != '0')
            : null;

    public async Task<bool> HasCodeAsync(string address, CancellationToken ct) =>
        IsCode((await rpc.CallAsync("eth_getCode", [address, "latest"], ct, RpcWait.Short)).GetString());

    internal static bool IsCode(string? code) => !string.IsNullOrEmpty(code) && code != "0x" && code != "0x0";

    public async Task<long> GetBlockNumberAsync(CancellationToken ct) =>
        ChainDecoder.Quantity((await rpc.CallAsync("eth_blockNumber", [], ct, RpcWait.Short)).GetString());

    public async Task<BlockHeader> GetLatestBlockHeaderAsync(CancellationToken ct) =>
        ChainDecoder.Header(await rpc.CallAsync("eth_getBlockByNumber", ["latest", false], ct));

    public async Task<DateTimeOffset> GetBlockTimeAsync(string blockHash, long blockNumber, CancellationToken ct)
    {
        if (_blockTimes.TryGetValue(blockHash, out var cached)) return cached;
        var block = await rpc.CallAsync("eth_getBlockByHash", [blockHash, false], ct, RpcWait.Short);
        if (block.ValueKind != JsonValueKind.Object)
            throw new JsonRpcException($"The node does not know block {blockNumber} ({blockHash}).");
        var time = DateTimeOffset.FromUnixTimeSeconds(ChainDecoder.Quantity(block.GetProperty("timestamp").GetString()));
        if (_blockTimes.Count >= MaxBlockTimes) _blockTimes.Clear();
        _blockTimes[blockHash] = time;
        return time;
    }

    internal int CachedBlockTimes => _blockTimes.Count;

    public async Task<IReadOnlyList<BlockHeader>> GetBlockHeadersAsync(IReadOnlyCollection<long> numbers, CancellationToken ct)
    {
        var headers = new List<BlockHeader>(numbers.Count);
        foreach (var chunk in numbers.Distinct().Order().Chunk(HeadersPerBatch))
        {
            using var answers = await rpc.BatchAsync(chunk.Select((n, i) => HeaderRequest(i, n)).ToList(), ct);
            for (var i = 0; i < answers.Count; i++)
                if (answers.TryGetObject(i, out var block)) headers.Add(ChainDecoder.Header(block));
        }
        return headers;
    }

    public async Task<(IReadOnlyList<BlockHeader> Headers, long Head)> GetBlockHeadersAndHeadAsync(IReadOnlyCollection<long> numbers, CancellationToken ct)
    {
        var batch = new List<JsonRpcRequest> { new(0, "eth_blockNumber", []) };
        foreach (var n in numbers.Distinct()) batch.Add(HeaderRequest(batch.Count, n));
        using var answers = await rpc.BatchAsync(batch, ct);
        var headers = new List<BlockHeader>(numbers.Count);
        for (var i = 1; i < answers.Count; i++)
            if (answers.TryGetObject(i, out var block)) headers.Add(ChainDecoder.Header(block));
        return (headers, ChainDecoder.Quantity(answers.Result(0, "eth_blockNumber").GetString()));
    }

    public async Task<IReadOnlyList<ContractLog>> GetContractLogsAsync(long fromBlock, long toBlock, CancellationToken ct) =>
        decode.Logs(await rpc.CallAsync("eth_getLogs", LogFilter(fromBlock, toBlock), ct));

    public async Task<(IReadOnlyList<ContractLog> Logs, IReadOnlyList<BlockHeader> Headers)> GetContractLogsWithHeadersAsync(
        long fromBlock, long toBlock, CancellationToken ct)
    {
        var batch = new List<JsonRpcRequest> { new(0, "eth_getLogs", LogFilter(fromBlock, toBlock)) };
        for (var n = fromBlock; n <= toBlock; n++) batch.Add(HeaderRequest(batch.Count, n));
        using var answers = await rpc.BatchAsync(batch, ct);
        var logs = decode.Logs(answers.Result(0, $"eth_getLogs {fromBlock}–{toBlock}"));
        var headers = new List<BlockHeader>(batch.Count - 1);
        for (var i = 1; i < answers.Count; i++)
            if (answers.TryGetObject(i, out var block)) headers.Add(ChainDecoder.Header(block));
        return (logs, headers);
    }

    public async Task<IReadOnlyList<OwnershipEvent>> GetOwnershipEventsAsync(long tokenId, CancellationToken ct)
    {
        var filter = new
        {
            address = Contract,
            fromBlock = Hex(deployment.DeployBlock),
            toBlock = "latest",
            topics = new object?[] { ChainDecoder.TransferTopic, null, null, "0x" + tokenId.ToString("x64") },
        };
        var logs = decode.Logs(await rpc.CallAsync("eth_getLogs", [filter], ct, RpcWait.Short));
        var events = new List<OwnershipEvent>(logs.Count);
        foreach (var log in logs)
        {
            var time = await GetBlockTimeAsync(log.BlockHash, log.BlockNumber, ct);
            events.Add(new OwnershipEvent(log.From!, log.To!, log.BlockNumber, log.BlockHash, time, log.TransactionHash, log.LogIndex));
        }
        return events;
    }

    public async Task<bool> IsKnownTransactionAsync(string transactionHash, CancellationToken ct) =>
        (await rpc.CallAsync("eth_getTransactionByHash", [transactionHash], ct, RpcWait.Short)).ValueKind == JsonValueKind.Object;

    public async Task<MinedTransaction?> GetMinedTransactionAsync(string transactionHash, CancellationToken ct) =>
        decode.Receipt(await rpc.CallAsync("eth_getTransactionReceipt", [transactionHash], ct, RpcWait.Short));

    public async Task<BatchLogs?> GetBatchLogsAsync(string transactionHash, CancellationToken ct) =>
        decode.BatchReceipt(await rpc.CallAsync("eth_getTransactionReceipt", [transactionHash], ct, RpcWait.Short));

    private static JsonRpcRequest HeaderRequest(int id, long number) => new(id, "eth_getBlockByNumber", [Hex(number), false]);

    private static string Hex(long n) => "0x" + n.ToString("x");

    private object[] LogFilter(long fromBlock, long toBlock) =>
    [
        new
        {
            address = Contract,
            fromBlock = Hex(fromBlock),
            toBlock = Hex(toBlock),
            topics = new object[] { ChainDecoder.IndexedTopics },
        },
    ];
}
