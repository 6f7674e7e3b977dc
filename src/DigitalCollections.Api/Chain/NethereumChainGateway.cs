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
    // Relayer keys by lower-case address. Only SignCall touches them; they never leave this class.
    private static readonly LegacyTransactionSigner LegacySigner = new();
    private static readonly HttpClient BatchHttp = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, EthECKey> _relayerKeys = new(StringComparer.OrdinalIgnoreCase);
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
            _relayerKeys[address] = key;
            addresses.Add(address);
        }
        RelayerAddresses = addresses;
        RelayerAddress = addresses[0];
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
        var d = await Rpc(() => _web3.Eth.GetContractQueryHandler<Eip712DomainFunction>()
            .QueryDeserializingToObjectAsync<Eip712DomainOutput>(new Eip712DomainFunction(), Contract, null));
        return _domain = new SigningDomain(d.Name, d.Version, (long)d.ChainId, ChainKeys.Checksum(d.VerifyingContract));
    }

    public async Task<ChainStatus> GetStatusAsync(CancellationToken ct)
    {
        var chainId = await Rpc(() => _web3.Eth.ChainId.SendRequestAsync());
        var block = await Rpc(() => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync());
        var genesis = await Rpc(() => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(0))));
        var code = await Rpc(() => _web3.Eth.GetCode.SendRequestAsync(Contract));
        return new ChainStatus((long)chainId.Value, (long)block.Value, genesis.BlockHash, HasCode(code));
    }

    public async Task<bool> HasCodeAsync(string address, CancellationToken ct) =>
        HasCode(await Rpc(() => _web3.Eth.GetCode.SendRequestAsync(address)));

    public async Task<long> TokenOfContentAsync(string contentHash, CancellationToken ct)
    {
        var id = await Query<TokenOfContentFunction, BigInteger>(new() { ContentHash = Formats.FromHex(contentHash) });
        return (long)id;
    }

    public async Task<OnChainWork?> GetWorkAsync(long tokenId, CancellationToken ct)
    {
        WorkOfOutput work;
        try
        {
            work = await Rpc(() => _web3.Eth.GetContractQueryHandler<WorkOfFunction>()
                .QueryDeserializingToObjectAsync<WorkOfOutput>(new WorkOfFunction { TokenId = tokenId }, Contract, null));
        }
        catch (ContractRevertedException e) when (e.Error.Name == "ERC721NonexistentToken")
        {
            return null;
        }

        var owner = Query<OwnerOfFunction, string>(new() { TokenId = tokenId });
        var royalty = Rpc(() => _web3.Eth.GetContractQueryHandler<RoyaltyInfoFunction>()
            .QueryDeserializingToObjectAsync<RoyaltyInfoOutput>(new RoyaltyInfoFunction { TokenId = tokenId, SalePrice = 10_000 }, Contract, null));
        var nonce = Query<TransferNonceFunction, BigInteger>(new() { TokenId = tokenId });
        var uri = Query<TokenUriFunction, string>(new() { TokenId = tokenId });
        await Task.WhenAll(owner, royalty, nonce, uri);

        return new OnChainWork(
            tokenId,
            ChainKeys.Checksum(work.Work.Creator),
            ChainKeys.Checksum(owner.Result),
            Formats.ToHex(work.Work.ContentHash),
            DateTimeOffset.FromUnixTimeSeconds((long)work.Work.RegisteredAt),
            // royaltyInfo(id, 10_000) pays exactly the basis points.
            (int)royalty.Result.RoyaltyAmount,
            (long)nonce.Result,
            uri.Result);
    }

    public async Task<string> GetTokenUriAsync(long tokenId, CancellationToken ct)
    {
        var id = tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_baseUri is { } cached && DateTimeOffset.UtcNow - cached.At < TimeSpan.FromSeconds(_options.FeeCacheSeconds))
            return cached.Base + id;
        var uri = await Query<TokenUriFunction, string>(new() { TokenId = tokenId });
        // The contract's tokenURI is base + decimal id; anything else is not cached.
        _baseUri = uri.EndsWith(id, StringComparison.Ordinal) ? (uri[..^id.Length], DateTimeOffset.UtcNow) : null;
        return uri;
    }

    public string EncodeMint(MintAuthorization authorization, string signature) =>
        new MintWorkFunction { Auth = authorization, Signature = Formats.FromHex(signature) }.GetCallData().ToHex(true);

    public string EncodeTransfer(TransferAuthorization authorization, string signature) =>
        new TransferWithAuthorizationFunction { Auth = authorization, Signature = Formats.FromHex(signature) }.GetCallData().ToHex(true);

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
        var raw = LegacySigner.SignTransaction(key.GetPrivateKeyAsBytes(), Deployment.ChainId, Contract, BigInteger.Zero,
            nonce, gasPrice, gasLimit, callData).HexToByteArray();
        return new SignedTransaction(ChainKeys.Checksum(relayer), nonce, raw.ToHex(true), Sha3Keccack.Current.CalculateHash(raw).ToHex(true));
    }

    public async Task SendRawAsync(SignedTransaction transaction, CancellationToken ct)
    {
        try
        {
            await _web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(transaction.RawTransaction);
        }
        catch (RpcResponseException e)
        {
            throw new TransactionRejectedException($"The node refused transaction {transaction.Hash}: {e.RpcError?.Message ?? e.Message}", e);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw new ChainUnavailableException("The chain's JSON-RPC endpoint did not answer.", e);
        }
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

    public async Task<IReadOnlyList<MinedTransaction>> GetContractTransactionsAsync(long fromBlock, long toBlock, CancellationToken ct)
    {
        var filter = new NewFilterInput
        {
            Address = [Contract],
            FromBlock = new BlockParameter(new HexBigInteger(fromBlock)),
            ToBlock = new BlockParameter(new HexBigInteger(toBlock)),
            Topics = [new[] { WorkRegisteredTopic, TransferTopic }],
        };
        var logs = await Rpc(() => _web3.Eth.Filters.GetLogs.SendRequestAsync(filter));
        var minted = logs.DecodeAllEvents<WorkRegisteredEventDto>()
            .Where(l => l.Log.Topics?.FirstOrDefault()?.ToString() == WorkRegisteredTopic)
            .ToDictionary(l => l.Log.TransactionHash, l => (long)l.Event.TokenId, StringComparer.OrdinalIgnoreCase);
        return logs
            .GroupBy(l => l.TransactionHash, StringComparer.OrdinalIgnoreCase)
            .Select(g => new MinedTransaction(g.Key, (long)g.First().BlockNumber.Value, g.First().BlockHash, true,
                minted.TryGetValue(g.Key, out var id) ? id : null))
            .ToList();
    }

    public async Task<DateTimeOffset> GetBlockTimeAsync(string blockHash, long blockNumber, CancellationToken ct) =>
        await BlockTimeAsync(blockHash, new HexBigInteger(blockNumber));

    public async Task<IReadOnlyList<ContractLog>> GetContractLogsAsync(long fromBlock, long toBlock, CancellationToken ct)
    {
        var filter = new NewFilterInput
        {
            Address = [Contract],
            FromBlock = new BlockParameter(new HexBigInteger(fromBlock)),
            ToBlock = new BlockParameter(new HexBigInteger(toBlock)),
            Topics = [new[] { WorkRegisteredTopic, TransferTopic }],
        };
        var logs = await Rpc(() => _web3.Eth.Filters.GetLogs.SendRequestAsync(filter));
        var result = new List<ContractLog>(logs.Length);
        foreach (var log in logs.OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex.Value))
        {
            var topic = log.Topics?.FirstOrDefault()?.ToString();
            var block = (long)log.BlockNumber.Value;
            var index = (long)log.LogIndex.Value;
            if (string.Equals(topic, TransferTopic, StringComparison.OrdinalIgnoreCase))
            {
                var e = log.DecodeEvent<TransferEventDto>().Event;
                result.Add(new ContractLog(ContractLogKind.Transfer, (long)e.TokenId, ChainKeys.Checksum(e.From), ChainKeys.Checksum(e.To),
                    null, null, block, log.BlockHash, index, log.TransactionHash));
            }
            else if (string.Equals(topic, WorkRegisteredTopic, StringComparison.OrdinalIgnoreCase))
            {
                var e = log.DecodeEvent<WorkRegisteredEventDto>().Event;
                result.Add(new ContractLog(ContractLogKind.WorkRegistered, (long)e.TokenId, null, null, ChainKeys.Checksum(e.Creator),
                    Formats.ToHex(e.ContentHash), block, log.BlockHash, index, log.TransactionHash));
            }
        }
        return result;
    }

    public async Task<IReadOnlyList<BlockHeader>> GetBlockHeadersAsync(IReadOnlyCollection<long> numbers, CancellationToken ct)
    {
        // One HTTP round trip per 500 headers: per-block requests would make backfill crawl (one block per tx on automine).
        var headers = new List<BlockHeader>(numbers.Count);
        foreach (var chunk in numbers.Distinct().Order().Chunk(500))
        {
            var batch = chunk.Select((n, i) => new { jsonrpc = "2.0", id = i, method = "eth_getBlockByNumber", @params = new object[] { "0x" + n.ToString("x"), false } });
            System.Text.Json.JsonElement answer;
            try
            {
                using var response = await BatchHttp.PostAsJsonAsync(_options.RpcUrl, batch, ct);
                response.EnsureSuccessStatusCode();
                answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
            }
            catch (Exception e) when (IsTransportFailure(e) && !ct.IsCancellationRequested)
            {
                throw new ChainUnavailableException("The chain's JSON-RPC endpoint did not answer.", e);
            }
            foreach (var item in answer.EnumerateArray())
            {
                if (!item.TryGetProperty("result", out var block) || block.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
                headers.Add(new BlockHeader(
                    Convert.ToInt64(block.GetProperty("number").GetString(), 16),
                    block.GetProperty("hash").GetString()!,
                    block.GetProperty("parentHash").GetString()!,
                    Convert.ToInt64(block.GetProperty("timestamp").GetString(), 16)));
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

    private Task<TResult> Query<TFunction, TResult>(TFunction function) where TFunction : FunctionMessage, new() =>
        Rpc(() => _web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TResult>(Contract, function, null));

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
