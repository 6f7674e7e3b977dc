using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Numerics;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace DigitalCollections.Api.Chain;

/// <summary>The chain gateway over Nethereum: the one place that speaks JSON-RPC.</summary>
public sealed class NethereumChainGateway : IChainGateway
{
    private static readonly string TransferTopic = Nethereum.Contracts.ABITypedRegistry.GetEvent<TransferEventDto>().Sha3Signature.EnsureHexPrefix();

    private readonly Web3 _web3;
    private readonly ChainOptions _options;
    private readonly ILogger<NethereumChainGateway> _logger;
    // One relayer account sends strictly in nonce order (automine refuses gaps), so sends are serialised.
    private readonly SemaphoreSlim _sendLane = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockTimes = new(StringComparer.OrdinalIgnoreCase);
    private SigningDomain? _domain;

    public NethereumChainGateway(Deployment deployment, IOptions<ChainOptions> options, ILogger<NethereumChainGateway> logger)
    {
        Deployment = deployment;
        _options = options.Value;
        _logger = logger;
        var account = new Account(deployment.RelayerPrivateKey, deployment.ChainId);
        RelayerAddress = account.Address;
        var client = new RpcClient(new Uri(_options.RpcUrl));
        RpcClient.ConnectionTimeout = TimeSpan.FromSeconds(_options.RpcTimeoutSeconds);
        _web3 = new Web3(account, client);
        _web3.TransactionManager.UseLegacyAsDefault = true; // one fee lookup fewer per send; fine on every EVM chain
    }

    public Deployment Deployment { get; }

    public string RelayerAddress { get; }

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

    public async Task<MintReceipt> MintAsync(MintAuthorization authorization, string signature, CancellationToken ct)
    {
        var function = new MintWorkFunction { Auth = authorization, Signature = Formats.FromHex(signature) };
        var receipt = await SendAsync(function, ct);
        var registered = receipt.DecodeAllEvents<WorkRegisteredEventDto>().FirstOrDefault()
            ?? throw new InvalidOperationException($"Transaction {receipt.TransactionHash} minted but emitted no WorkRegistered event.");
        var registeredAt = await BlockTimeAsync(receipt.BlockHash, receipt.BlockNumber);
        return new MintReceipt((long)registered.Event.TokenId, receipt.TransactionHash, (long)receipt.BlockNumber.Value, registeredAt);
    }

    public async Task<WriteReceipt> TransferAsync(TransferAuthorization authorization, string signature, CancellationToken ct)
    {
        var function = new TransferWithAuthorizationFunction { Auth = authorization, Signature = Formats.FromHex(signature) };
        var receipt = await SendAsync(function, ct);
        return new WriteReceipt(receipt.TransactionHash, (long)receipt.BlockNumber.Value);
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

    private async Task<TransactionReceipt> SendAsync<TFunction>(TFunction function, CancellationToken ct)
        where TFunction : FunctionMessage, new()
    {
        var handler = _web3.Eth.GetContractTransactionHandler<TFunction>();
        string txHash;
        await _sendLane.WaitAsync(ct);
        try
        {
            // The estimate runs the whole call: a revert (bad signature, duplicate, expired…) surfaces
            // here, decoded, before anything is signed or sent, so bad input never spends gas.
            var gas = await Rpc(() => handler.EstimateGasAsync(Contract, function));
            function.Gas = gas.Value + gas.Value / 5;
            txHash = await Rpc(() => handler.SendRequestAsync(Contract, function));
        }
        finally
        {
            _sendLane.Release();
        }

        var receipt = await WaitForReceiptAsync(txHash, ct);
        if (receipt.Status?.Value == 1) return receipt;

        // Lost a race after the estimate (e.g. the same bytes minted in between): replay to learn why.
        _logger.LogWarning("Transaction {TransactionHash} reverted on chain", txHash);
        await Rpc(() => _web3.Eth.GetContractQueryHandler<TFunction>().QueryRawAsync(Contract, function, null));
        throw new InvalidOperationException($"Transaction {txHash} reverted on chain without a decodable reason.");
    }

    private async Task<TransactionReceipt> WaitForReceiptAsync(string txHash, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(_options.ReceiptTimeoutSeconds);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var receipt = await Rpc(() => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash));
            if (receipt is not null) return receipt;
            if (DateTime.UtcNow > deadline)
                throw new ChainUnavailableException($"No receipt for transaction {txHash} within {_options.ReceiptTimeoutSeconds} s.");
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
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
