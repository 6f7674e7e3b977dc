using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Numerics;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Signer;
using Nethereum.Util;
using Nethereum.Hex.HexConvertors.Extensions;

namespace DigitalCollections.Api.Chain;

/// <summary>The chain gateway over Nethereum: the one place that speaks JSON-RPC.</summary>
public sealed class NethereumChainGateway : IChainGateway
{
    private static readonly string TransferTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<TransferEventDto>().Sha3Signature.EnsureHexPrefix();
    private static readonly string WorkRegisteredTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<WorkRegisteredEventDto>().Sha3Signature.EnsureHexPrefix();

    private readonly Web3 _web3;
    private readonly ChainOptions _options;
    private readonly ILogger<NethereumChainGateway> _logger;
    private static readonly HttpClient BatchHttp = new() { Timeout = Timeout.InfiniteTimeSpan }; // per call: RpcTimeoutSeconds
    // Relayer keys by address (any case). Only SignCall touches them; they never leave this class.
    private readonly Dictionary<string, SigningKey> _relayerKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockTimes = new(StringComparer.OrdinalIgnoreCase);
    private SigningDomain? _domain;
    private (string Base, DateTimeOffset At)? _baseUri;

    public NethereumChainGateway(Deployment deployment, IOptions<ChainOptions> options, ILogger<NethereumChainGateway> logger)
    {
        Deployment = deployment;
        _options = options.Value;
        _logger = logger;
        var addresses = new List<string>();
        foreach (var privateKey in deployment.RelayerPrivateKeys)
        {
            var key = new EthECKey(privateKey);
            var address = ChainKeys.Checksum(key.GetPublicAddress());
            _relayerKeys[address] = Secp256k1.ParsePrivateKey(key.GetPrivateKeyAsBytes());
            addresses.Add(address);
        }
        RelayerAddresses = addresses;
        RelayerAddress = addresses[0];
        _logger.LogInformation("Signatures: {Implementation}", Secp256k1.Implementation);
        var client = new RpcClient(new Uri(_options.RpcUrl));
        RpcClient.ConnectionTimeout = TimeSpan.FromSeconds(_options.RpcTimeoutSeconds);
        _web3 = new Web3(client);
    }

    public Deployment Deployment { get; }

    public string RelayerAddress { get; }

    public IReadOnlyList<string> RelayerAddresses { get; }

    private string Contract => Deployment.ContractAddress;

    public async Task<SigningDomain> GetSigningDomainAsync(CancellationToken ct)
    {
        if (_domain is not null) return _domain;
        // EIP-5267: ask the contract instead of assuming, so a renamed collection still verifies.
        Eip712DomainOutput? d;
        try
        {
            d = await Rpc(() => _web3.Eth.GetContractQueryHandler<Eip712DomainFunction>()
                .QueryDeserializingToObjectAsync<Eip712DomainOutput>(new Eip712DomainFunction(), Contract, null));
        }
        catch (Exception e) when (e is not ChainUnavailableException and not ContractRevertedException)
        {
            throw await NoContractOrAsync(e);
        }
        if (d is null || string.IsNullOrEmpty(d.VerifyingContract)) throw await NoContractOrAsync(null);
        return _domain = new SigningDomain(d.Name, d.Version, (long)d.ChainId, ChainKeys.Checksum(d.VerifyingContract));
    }

    /// <summary>
    /// A contract read that the node answered with nothing: on a chain without our code (a reset node) every
    /// read does. That is a 503 chain-reset, not a fault of ours; anything else stays what it was.
    /// </summary>
    private async Task<Exception> NoContractOrAsync(Exception? e)
    {
        if (!await HasCodeAsync(Contract, CancellationToken.None))
            return new ChainIdentityException(ChainIdentityException.ChainReset,
                $"The node's chain has no contract code at {ChainKeys.Checksum(Contract)}: the chain was reset or the RPC URL points at another chain.");
        return e ?? new InvalidOperationException("The contract's eip712Domain() answered nothing.");
    }

    public async Task<ChainStatus> GetStatusAsync(CancellationToken ct)
    {
        // Chain id, head, genesis and our contract's code in one JSON-RPC batch: the identity guard asks this
        // before lane batches, so it costs one round trip.
        using var answer = await PostJsonRpcAsync(new object[]
        {
            new { jsonrpc = "2.0", id = 0, method = "eth_chainId", @params = Array.Empty<object>() },
            new { jsonrpc = "2.0", id = 1, method = "eth_blockNumber", @params = Array.Empty<object>() },
            new { jsonrpc = "2.0", id = 2, method = "eth_getBlockByNumber", @params = new object[] { "0x0", false } },
            new { jsonrpc = "2.0", id = 3, method = "eth_getCode", @params = new object[] { Contract, "latest" } },
        }, ct);
        var results = new System.Text.Json.JsonElement[4];
        foreach (var item in answer.RootElement.EnumerateArray())
        {
            var n = item.GetProperty("id").GetInt32();
            if (n is >= 0 and <= 3) results[n] = Result(item, "the chain status batch").Clone();
        }
        if (Array.Exists(results, r => r.ValueKind == System.Text.Json.JsonValueKind.Undefined))
            throw new ChainUnavailableException("The node's answer to the chain status batch is incomplete.");
        var genesis = results[2].ValueKind == System.Text.Json.JsonValueKind.Object ? results[2].GetProperty("hash").GetString() : null;
        return new ChainStatus(ParseQuantity(results[0].GetString()), ParseQuantity(results[1].GetString()), genesis ?? "",
            HasCode(results[3].GetString()));
    }

    public async Task<bool> HasCodeAsync(string address, CancellationToken ct) =>
        HasCode(await Rpc(() => _web3.Eth.GetCode.SendRequestAsync(address)));

    public async Task<long> TokenOfContentAsync(string contentHash, CancellationToken ct)
    {
        var id = await Query<TokenOfContentFunction, BigInteger>(new() { ContentHash = Formats.FromHex(contentHash) });
        return (long)id;
    }

    private static readonly string WorkOfSelector = Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<WorkOfFunction>().Sha3Signature;
    private static readonly string OwnerOfSelector = Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<OwnerOfFunction>().Sha3Signature;
    private static readonly string RoyaltyInfoSelector = Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<RoyaltyInfoFunction>().Sha3Signature;
    private static readonly string TransferNonceSelector = Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<TransferNonceFunction>().Sha3Signature;

    public async Task<OnChainWork?> GetWorkAsync(long tokenId, CancellationToken ct)
    {
        // workOf, ownerOf, royaltyInfo and transferNonce in one JSON-RPC batch, encoded and decoded by hand (all
        // take and return static words): one HTTP request for the node instead of four, and no reflection.
        var id = Word(tokenId);
        object Call(int n, string selector, string arguments) => new
        {
            jsonrpc = "2.0",
            id = n,
            method = "eth_call",
            @params = new object[] { new { to = Contract, data = "0x" + selector + arguments }, "latest" },
        };
        var uri = GetTokenUriAsync(tokenId, ct); // base URI cached, like the mint's answer: no chain read
        using var answer = await PostJsonRpcAsync(new[]
        {
            Call(0, WorkOfSelector, id), Call(1, OwnerOfSelector, id),
            Call(2, RoyaltyInfoSelector, id + Word(10_000)), Call(3, TransferNonceSelector, id),
        }, ct);

        var results = new string[4];
        foreach (var item in answer.RootElement.EnumerateArray())
        {
            var n = item.GetProperty("id").GetInt32();
            if (n is < 0 or > 3) continue;
            if (item.TryGetProperty("result", out var result) && result.GetString() is { } hex)
            {
                if (hex.Length <= 2) throw await NoContractOrAsync(null); // "0x": no code answered the call
                results[n] = hex[2..];
                continue;
            }
            var revert = ContractErrorDecoder.Decode(RevertData(item));
            if (n == 0 && revert?.Name == "ERC721NonexistentToken") return null;
            if (revert is not null) throw new ContractRevertedException(revert);
            throw new InvalidOperationException($"eth_call for token {tokenId} failed: {ErrorMessage(item)}");
        }
        if (Array.IndexOf(results, null) >= 0) throw new InvalidOperationException($"The node's batch answer for token {tokenId} is incomplete.");

        // workOf → (address creator, uint64 registeredAt, bytes32 contentHash); ownerOf → address;
        // royaltyInfo(id, 10_000) → (address, uint256 amount = the basis points); transferNonce → uint256.
        var work = results[0];
        return new OnChainWork(
            tokenId,
            ChainKeys.Checksum(AddressAt(work, 0)),
            ChainKeys.Checksum(AddressAt(results[1], 0)),
            "0x" + WordAt(work, 2),
            DateTimeOffset.FromUnixTimeSeconds((long)UIntAt(work, 1)),
            (int)UIntAt(results[2], 1),
            (long)UIntAt(results[3], 0),
            await uri);
    }

    private static string Word(long value) => value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static string WordAt(string data, int index) =>
        data.Length >= 64 * (index + 1) ? data.Substring(64 * index, 64) : throw new FormatException("A contract answer is shorter than its type.");

    private static string AddressAt(string data, int index) => "0x" + WordAt(data, index)[24..];

    private static BigInteger UIntAt(string data, int index) =>
        BigInteger.Parse("0" + WordAt(data, index), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A JSON-RPC error's revert data: a hex string, or an object that holds one (Hardhat answers both ways).</summary>
    private static string? RevertData(System.Text.Json.JsonElement answer)
    {
        if (!answer.TryGetProperty("error", out var error) || !error.TryGetProperty("data", out var data)) return null;
        if (data.ValueKind == System.Text.Json.JsonValueKind.String) return data.GetString();
        return data.ValueKind == System.Text.Json.JsonValueKind.Object && data.TryGetProperty("data", out var inner)
            && inner.ValueKind == System.Text.Json.JsonValueKind.String ? inner.GetString() : null;
    }

    public async Task<string> GetTokenUriAsync(long tokenId, CancellationToken ct)
    {
        var id = tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_baseUri is { } cached && DateTimeOffset.UtcNow - cached.At < TimeSpan.FromSeconds(_options.FeeCacheSeconds))
            return cached.Base + id;
        string uri;
        try
        {
            uri = await Query<TokenUriFunction, string>(new() { TokenId = tokenId });
        }
        catch (Exception e) when (e is ChainUnavailableException or ChainIdentityException && _baseUri is { } known)
        {
            // A write confirmed just before the node went away still gets its 201: the base seen before.
            return known.Base + id;
        }
        // The contract's tokenURI is base + decimal id; anything else is not cached.
        _baseUri = uri.EndsWith(id, StringComparison.Ordinal) ? (uri[..^id.Length], DateTimeOffset.UtcNow) : null;
        return uri;
    }

    public string EncodeMint(MintAuthorization authorization, string signature) =>
        AuthorizationEncoding.EncodeMintWork(authorization, Formats.FromHex(signature)).ToHex(true);

    public string EncodeTransfer(TransferAuthorization authorization, string signature) =>
        AuthorizationEncoding.EncodeTransferWithAuthorization(authorization, Formats.FromHex(signature)).ToHex(true);

    public async Task<long> EstimateGasAsync(string from, string callData, CancellationToken ct)
    {
        var gas = await Rpc(() => _web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(callData, Contract) { From = from }));
        return (long)gas.Value;
    }

    public async Task<BigInteger> GetGasPriceAsync(CancellationToken ct) =>
        (await Rpc(() => _web3.Eth.GasPrice.SendRequestAsync())).Value;

    public async Task<long> GetPendingNonceAsync(string account, CancellationToken ct) =>
        (long)(await Rpc(() => _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account, BlockParameter.CreatePending()))).Value;

    public SignedTransaction SignCall(string relayer, long nonce, long gasLimit, BigInteger gasPrice, string callData)
    {
        if (!_relayerKeys.TryGetValue(relayer, out var key))
            throw new InvalidOperationException($"{relayer} is not one of this API's relayers.");
        // Legacy (type 0) with EIP-155 replay protection: one fee field to cache, accepted by every EVM chain.
        // Secp256k1 signs exactly as Nethereum's LegacyTransactionSigner would, over 100x faster and without its garbage.
        var (raw, hash) = Secp256k1.SignLegacyTransaction(key, Deployment.ChainId, nonce, gasPrice, gasLimit, Contract,
            BigInteger.Zero, Formats.FromHex(callData));
        return new SignedTransaction(ChainKeys.Checksum(relayer), nonce, raw.ToHex(true), hash.ToHex(true));
    }

    public async Task SendRawAsync(SignedTransaction transaction, CancellationToken ct)
    {
        // The lanes' hot path: raw JSON-RPC with System.Text.Json rather than Nethereum's client, which costs
        // several times more CPU per call than the node's own answer.
        using var answer = await PostJsonRpcAsync(
            new { jsonrpc = "2.0", id = 1, method = "eth_sendRawTransaction", @params = new[] { transaction.RawTransaction } }, ct, isRead: false);
        var root = answer.RootElement;
        if (root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("result", out _)) return;
        throw new TransactionRejectedException($"The node refused transaction {transaction.Hash}: {ErrorMessage(root)}");
    }

    public async Task<bool> IsKnownTransactionAsync(string transactionHash, CancellationToken ct) =>
        await Rpc(() => _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash)) is not null;

    public async Task<MinedTransaction?> GetMinedTransactionAsync(string transactionHash, CancellationToken ct)
    {
        var receipt = await Rpc(() => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash));
        if (receipt?.BlockNumber is null) return null;
        var minted = receipt.Logs is null
            ? null
            : receipt.DecodeAllEvents<WorkRegisteredEventDto>()
                .FirstOrDefault(l => Formats.SameAddress(l.Log.Address, Contract))?.Event.TokenId;
        return new MinedTransaction(receipt.TransactionHash, (long)receipt.BlockNumber.Value, receipt.BlockHash,
            receipt.Status?.Value == 1, minted is null ? null : (long)minted.Value);
    }

    public async Task<long> GetBlockNumberAsync(CancellationToken ct) =>
        (long)(await Rpc(() => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync())).Value;

    public async Task<BlockHeader> GetLatestBlockHeaderAsync(CancellationToken ct)
    {
        using var answer = await PostJsonRpcAsync(
            new { jsonrpc = "2.0", id = 1, method = "eth_getBlockByNumber", @params = new object[] { "latest", false } }, ct);
        return ParseHeader(Result(answer.RootElement, "eth_getBlockByNumber latest"));
    }

    public async Task<DateTimeOffset> GetBlockTimeAsync(string blockHash, long blockNumber, CancellationToken ct) =>
        await BlockTimeAsync(blockHash, new HexBigInteger(blockNumber));

    public async Task<IReadOnlyList<ContractLog>> GetContractLogsAsync(long fromBlock, long toBlock, CancellationToken ct)
    {
        // Raw JSON-RPC read with System.Text.Json: the indexer's hot path. Nethereum's generic log DTOs and
        // reflection-based event decoding cost several times the node's own eth_getLogs time on a dense range.
        using var answer = await PostJsonRpcAsync(new { jsonrpc = "2.0", id = 1, method = "eth_getLogs", @params = LogFilter(fromBlock, toBlock) }, ct);
        return ParseLogs(Result(answer.RootElement, $"eth_getLogs {fromBlock}–{toBlock}"));
    }

    public async Task<(IReadOnlyList<ContractLog> Logs, IReadOnlyList<BlockHeader> Headers)> GetContractLogsWithHeadersAsync(
        long fromBlock, long toBlock, CancellationToken ct)
    {
        var batch = new List<object> { new { jsonrpc = "2.0", id = 0, method = "eth_getLogs", @params = LogFilter(fromBlock, toBlock) } };
        for (var n = fromBlock; n <= toBlock; n++)
            batch.Add(new { jsonrpc = "2.0", id = batch.Count, method = "eth_getBlockByNumber", @params = new object[] { "0x" + n.ToString("x"), false } });
        using var answer = await PostJsonRpcAsync(batch, ct);
        IReadOnlyList<ContractLog>? logs = null;
        var headers = new List<BlockHeader>(batch.Count - 1);
        foreach (var item in answer.RootElement.EnumerateArray())
        {
            if (item.GetProperty("id").GetInt32() == 0) logs = ParseLogs(Result(item, $"eth_getLogs {fromBlock}–{toBlock}"));
            else if (item.TryGetProperty("result", out var block) && block.ValueKind == System.Text.Json.JsonValueKind.Object) headers.Add(ParseHeader(block));
        }
        return (logs ?? throw new InvalidOperationException("The node's batch answer has no eth_getLogs result."), headers);
    }

    public async Task<(IReadOnlyList<BlockHeader> Headers, long Head)> GetBlockHeadersAndHeadAsync(IReadOnlyCollection<long> numbers, CancellationToken ct)
    {
        var batch = new List<object> { new { jsonrpc = "2.0", id = 0, method = "eth_blockNumber", @params = Array.Empty<object>() } };
        foreach (var n in numbers.Distinct())
            batch.Add(new { jsonrpc = "2.0", id = batch.Count, method = "eth_getBlockByNumber", @params = new object[] { "0x" + n.ToString("x"), false } });
        using var answer = await PostJsonRpcAsync(batch, ct);
        long? head = null;
        var headers = new List<BlockHeader>(numbers.Count);
        foreach (var item in answer.RootElement.EnumerateArray())
        {
            if (item.GetProperty("id").GetInt32() == 0) head = ParseQuantity(Result(item, "eth_blockNumber").GetString());
            else if (item.TryGetProperty("result", out var block) && block.ValueKind == System.Text.Json.JsonValueKind.Object) headers.Add(ParseHeader(block));
        }
        return (headers, head ?? throw new InvalidOperationException("The node's batch answer has no eth_blockNumber result."));
    }

    private object[] LogFilter(long fromBlock, long toBlock) =>
    [
        new
        {
            address = Contract,
            fromBlock = "0x" + fromBlock.ToString("x"),
            toBlock = "0x" + toBlock.ToString("x"),
            topics = new object[] { new[] { WorkRegisteredTopic, TransferTopic } },
        },
    ];

    private static System.Text.Json.JsonElement Result(System.Text.Json.JsonElement answer, string what)
    {
        if (answer.ValueKind == System.Text.Json.JsonValueKind.Object && answer.TryGetProperty("result", out var result)) return result;
        throw new InvalidOperationException($"{what} failed: {ErrorMessage(answer)}");
    }

    /// <summary>The message of a JSON-RPC answer's error (or the whole answer when it has none).</summary>
    private static string? ErrorMessage(System.Text.Json.JsonElement answer)
    {
        var error = answer.ValueKind == System.Text.Json.JsonValueKind.Object && answer.TryGetProperty("error", out var e) ? e : answer;
        return error.ValueKind == System.Text.Json.JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
    }

    private List<ContractLog> ParseLogs(System.Text.Json.JsonElement logs)
    {
        var result = new List<ContractLog>(logs.GetArrayLength());
        foreach (var log in logs.EnumerateArray())
        {
            if (log.TryGetProperty("removed", out var removed) && removed.ValueKind == System.Text.Json.JsonValueKind.True) continue;
            if (ParseLog(log) is { } parsed) result.Add(parsed);
        }
        result.Sort((a, b) => a.BlockNumber != b.BlockNumber ? a.BlockNumber.CompareTo(b.BlockNumber) : a.LogIndex.CompareTo(b.LogIndex));
        return result;
    }

    /// <summary>One of the contract's two events, decoded; null for anything else.</summary>
    private ContractLog? ParseLog(System.Text.Json.JsonElement log)
    {
        var topics = log.GetProperty("topics");
        if (topics.GetArrayLength() != 4) return null; // both events index three fields
        var topic = topics[0].GetString();
        var block = ParseQuantity(log.GetProperty("blockNumber").GetString());
        var index = ParseQuantity(log.GetProperty("logIndex").GetString());
        var blockHash = log.GetProperty("blockHash").GetString()!;
        var transactionHash = log.GetProperty("transactionHash").GetString()!;
        if (string.Equals(topic, TransferTopic, StringComparison.OrdinalIgnoreCase))
        {
            return new ContractLog(ContractLogKind.Transfer, TopicToInt64(topics[3].GetString()!),
                TopicToAddress(topics[1].GetString()!), TopicToAddress(topics[2].GetString()!),
                null, null, block, blockHash, index, transactionHash);
        }
        if (string.Equals(topic, WorkRegisteredTopic, StringComparison.OrdinalIgnoreCase))
        {
            return new ContractLog(ContractLogKind.WorkRegistered, TopicToInt64(topics[1].GetString()!), null, null,
                TopicToAddress(topics[2].GetString()!), Formats.NormalizeHash(topics[3].GetString()!),
                block, blockHash, index, transactionHash);
        }
        return null;
    }

    public async IAsyncEnumerable<ChainPush> SubscribeBlocksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var url = _options.EffectiveWebSocketUrl() ?? throw new NotSupportedException("Chain:WebSocketUrl is off.");
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connecting.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.RpcTimeoutSeconds)));
            await socket.ConnectAsync(url, connecting.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw new ChainUnavailableException($"The node's WebSocket endpoint did not answer: {e.Message}", e);
        }

        await SendAsync(socket, new { jsonrpc = "2.0", id = 1, method = "eth_subscribe", @params = new object[] { "newHeads" } }, ct);
        await SendAsync(socket, new
        {
            jsonrpc = "2.0", id = 2, method = "eth_subscribe",
            @params = new object[] { "logs", new { address = Contract, topics = new object[] { new[] { WorkRegisteredTopic, TransferTopic } } } },
        }, ct);
        string? heads = null, logs = null;
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!ct.IsCancellationRequested)
        {
            message.SetLength(0);
            System.Net.WebSockets.WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, ct);
                if (received.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                    throw new ChainUnavailableException("The node closed its WebSocket.");
                message.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);

            using var document = System.Text.Json.JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
            var root = document.RootElement;
            if (root.TryGetProperty("id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                // The answers to the two eth_subscribe calls.
                if (!root.TryGetProperty("result", out var subscription))
                    throw new NotSupportedException($"The node refused eth_subscribe: {(root.TryGetProperty("error", out var error) ? error.ToString() : root.ToString())}");
                if (id.GetInt32() == 1) heads = subscription.GetString();
                else logs = subscription.GetString();
                if (heads is not null && logs is not null) yield return new PushesStarted();
                continue;
            }
            if (!root.TryGetProperty("params", out var pushed) || !pushed.TryGetProperty("result", out var result)) continue;
            var from = pushed.GetProperty("subscription").GetString();
            if (from == heads)
            {
                var header = ParseHeader(result);
                var bloom = result.TryGetProperty("logsBloom", out var b) ? b.GetString() : null;
                yield return new PushedHeader(header, bloom is null || Bloom.MayContain(bloom, Formats.FromHex(Contract)));
            }
            else if (from == logs && ParseLog(result) is { } log)
            {
                yield return new PushedLog(log, result.TryGetProperty("removed", out var removed) && removed.ValueKind == System.Text.Json.JsonValueKind.True);
            }
        }
    }

    private static Task SendAsync(System.Net.WebSockets.ClientWebSocket socket, object request, CancellationToken ct) =>
        socket.SendAsync(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request), System.Net.WebSockets.WebSocketMessageType.Text, true, ct);

    private static BlockHeader ParseHeader(System.Text.Json.JsonElement block) => new(
        Convert.ToInt64(block.GetProperty("number").GetString(), 16),
        block.GetProperty("hash").GetString()!,
        block.GetProperty("parentHash").GetString()!,
        Convert.ToInt64(block.GetProperty("timestamp").GetString(), 16));

    /// <summary>
    /// One JSON-RPC request or batch. Reads wait at least 30 s (a dense log range takes a while); a send waits
    /// <see cref="ChainOptions.RpcTimeoutSeconds"/>, after which its lane asks the node whether it arrived.
    /// </summary>
    private async Task<System.Text.Json.JsonDocument> PostJsonRpcAsync(object request, CancellationToken ct, bool isRead = true)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, isRead ? Math.Max(30, _options.RpcTimeoutSeconds) : _options.RpcTimeoutSeconds)));
        try
        {
            using var response = await BatchHttp.PostAsJsonAsync(_options.RpcUrl, request, timeout.Token);
            if (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType != "application/json")
                throw new HttpRequestException($"The JSON-RPC endpoint answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await System.Text.Json.JsonDocument.ParseAsync(body, default, timeout.Token);
        }
        catch (Exception e) when ((IsTransportFailure(e) || e is System.Text.Json.JsonException) && !ct.IsCancellationRequested)
        {
            throw new ChainUnavailableException("The chain's JSON-RPC endpoint did not answer.", e);
        }
    }

    private static long ParseQuantity(string? hex) =>
        hex is { Length: > 2 } ? Convert.ToInt64(hex[2..], 16) : throw new FormatException($"Not a JSON-RPC quantity: '{hex}'.");

    /// <summary>A uint256 topic as a token id; one that does not fit a long fails, as the BigInteger cast did.</summary>
    private static long TopicToInt64(string topic)
    {
        var digits = topic.AsSpan(2);
        if (digits.Length == 64 && !digits[..48].ContainsAnyExcept('0') && digits[48] < '8')
            return long.Parse(digits[48..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        return (long)BigInteger.Parse("0" + digits.ToString(), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
    }

    // EIP-55 checksums of the addresses seen in logs: holders and creators repeat, the hash need not.
    private readonly ConcurrentDictionary<string, string> _checksums = new(StringComparer.OrdinalIgnoreCase);

    private string TopicToAddress(string topic)
    {
        var raw = "0x" + topic[^40..];
        if (_checksums.TryGetValue(raw, out var known)) return known;
        if (_checksums.Count > 100_000) _checksums.Clear();
        return _checksums[raw] = ChainKeys.Checksum(raw);
    }

    public async Task<IReadOnlyList<BlockHeader>> GetBlockHeadersAsync(IReadOnlyCollection<long> numbers, CancellationToken ct)
    {
        // One HTTP round trip per 500 headers: per-block requests would make backfill crawl (one block per tx on automine).
        var headers = new List<BlockHeader>(numbers.Count);
        foreach (var chunk in numbers.Distinct().Order().Chunk(500))
        {
            var batch = chunk.Select((n, i) => new { jsonrpc = "2.0", id = i, method = "eth_getBlockByNumber", @params = new object[] { "0x" + n.ToString("x"), false } });
            using var document = await PostJsonRpcAsync(batch, ct);
            var answer = document.RootElement;
            foreach (var item in answer.EnumerateArray())
            {
                if (!item.TryGetProperty("result", out var block) || block.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
                headers.Add(ParseHeader(block));
            }
        }
        return headers;
    }

    public async Task<ContractError?> ExplainRevertAsync(string from, string callData, CancellationToken ct)
    {
        try
        {
            await Rpc(() => _web3.Eth.Transactions.Call.SendRequestAsync(new CallInput(callData, Contract) { From = from }));
            return null;
        }
        catch (ContractRevertedException e)
        {
            return e.Error;
        }
    }

    public async Task<IReadOnlyList<OwnershipEvent>> GetOwnershipEventsAsync(long tokenId, CancellationToken ct)
    {
        var filter = new NewFilterInput
        {
            Address = [Contract],
            FromBlock = new BlockParameter(new HexBigInteger(Deployment.DeployBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [TransferTopic, null, null, "0x" + tokenId.ToString("x64")],
        };
        var logs = await Rpc(() => _web3.Eth.Filters.GetLogs.SendRequestAsync(filter));
        var events = new List<OwnershipEvent>(logs.Length);
        foreach (var log in logs.DecodeAllEvents<TransferEventDto>()
                     .OrderBy(l => l.Log.BlockNumber.Value).ThenBy(l => l.Log.LogIndex.Value))
        {
            var time = await BlockTimeAsync(log.Log.BlockHash, log.Log.BlockNumber);
            events.Add(new OwnershipEvent(
                ChainKeys.Checksum(log.Event.From), ChainKeys.Checksum(log.Event.To),
                (long)log.Log.BlockNumber.Value, log.Log.BlockHash, time,
                log.Log.TransactionHash, (long)log.Log.LogIndex.Value));
        }
        return events;
    }

    private async Task<DateTimeOffset> BlockTimeAsync(string blockHash, HexBigInteger blockNumber)
    {
        if (_blockTimes.TryGetValue(blockHash, out var cached)) return cached;
        var block = await Rpc(() => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByHash.SendRequestAsync(blockHash));
        var time = DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
        _blockTimes[blockHash] = time;
        return time;
    }

    private async Task<TResult> Query<TFunction, TResult>(TFunction function) where TFunction : FunctionMessage, new()
    {
        try
        {
            return await Rpc(() => _web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(Contract, function, null));
        }
        catch (Exception e) when (e is not ChainUnavailableException and not ContractRevertedException)
        {
            throw await NoContractOrAsync(e); // an empty answer does not decode
        }
    }

    private static bool HasCode(string? code) => !string.IsNullOrEmpty(code) && code != "0x" && code != "0x0";

    /// <summary>Runs one RPC call and translates failures into the API's two chain exceptions.</summary>
    private static async Task<T> Rpc<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (ContractErrorDecoder.FromException(e) is { } error)
        {
            throw new ContractRevertedException(error);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw new ChainUnavailableException("The chain's JSON-RPC endpoint did not answer.", e);
        }
    }

    private static bool IsTransportFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException or SocketException or TimeoutException or TaskCanceledException
                or RpcClientUnknownException or RpcClientTimeoutException)
                return true;
        }
        return false;
    }
}
