using System.Numerics;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Infrastructure;

[Function("transferFrom")]
public sealed class TransferFromFunction : FunctionMessage
{
    [Parameter("address", "from", 1)] public string From { get; set; } = "";
    [Parameter("address", "to", 2)] public string To { get; set; } = "";
    [Parameter("uint256", "tokenId", 3)] public BigInteger TokenId { get; set; }
}

/// <summary>The chain without the API: what a collector (or another dapp) sees and does directly.</summary>
public sealed class DirectChain(string rpcUrl, string deploymentFile)
{
    public string Contract { get; } = JsonDocument.Parse(File.ReadAllText(deploymentFile)).RootElement.GetProperty("contractAddress").GetString()!;
    public long DeployBlock { get; } = JsonDocument.Parse(File.ReadAllText(deploymentFile)).RootElement.GetProperty("deployBlock").GetInt64();

    /// <summary>The owner moves the token with a plain ERC-721 transferFrom, paying their own gas.</summary>
    public async Task TransferFromAsync(TestAccount owner, long tokenId, string to)
    {
        var web3 = new Web3(new Account(owner.PrivateKeyHex, 31337), rpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<TransferFromFunction>().SendRequestAndWaitForReceiptAsync(
            Contract, new TransferFromFunction { From = owner.Address, To = to, TokenId = tokenId });
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    /// <summary>Hardhat's account #0: the deployer, which holds OPERATOR_ROLE (and is one of the API's relayers).</summary>
    public static readonly TestAccount Operator = new("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    /// <summary>The operator calls the contract (freeze, unfreeze, setMinimumHold) straight on the chain; returns the block it landed in.</summary>
    public async Task<long> SendAsOperatorAsync<TFunction>(TFunction function) where TFunction : FunctionMessage, new()
    {
        var web3 = new Web3(new Account(Operator.PrivateKeyHex, 31337), rpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(Contract, function);
        Assert.Equal(1, (int)receipt.Status.Value);
        return (long)receipt.BlockNumber.Value;
    }

    public async Task<long> TotalWorksAsync() =>
        (long)await new Web3(rpcUrl).Eth.GetContractQueryHandler<TotalWorksFunction>().QueryAsync<BigInteger>(Contract, new TotalWorksFunction());

    public async Task<int> EditionMintedAsync(long tokenId) =>
        (int)await new Web3(rpcUrl).Eth.GetContractQueryHandler<DigitalCollections.Api.Chain.EditionMintedFunction>()
            .QueryAsync<uint>(Contract, new DigitalCollections.Api.Chain.EditionMintedFunction { TokenId = tokenId });

    public async Task<string> OwnerOfAsync(long tokenId) =>
        ChainKeys.Checksum(await new Web3(rpcUrl).Eth.GetContractQueryHandler<OwnerOfFunction>().QueryAsync<string>(Contract, new OwnerOfFunction { TokenId = tokenId }));

    /// <summary>The hash of a block, asked of the node itself: what a collector holds independently of the API.</summary>
    public async Task<string> BlockHashAsync(long number) =>
        (await new Web3(rpcUrl).Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(
            new Nethereum.RPC.Eth.DTOs.BlockParameter((ulong)number))).BlockHash;

    public async Task<long> HeadAsync() => (long)(await new Web3(rpcUrl).Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    /// <summary>Every Transfer log of the contract, straight from eth_getLogs, grouped by token in chain order.</summary>
    public async Task<Dictionary<long, List<(string From, string To, long Block, string BlockHash, string Tx, long LogIndex)>>> ScanTransfersAsync()
    {
        var web3 = new Web3(rpcUrl);
        var topic = ABITypedRegistry.GetEvent<TransferEventDto>().Sha3Signature.EnsureHexPrefix();
        var logs = await web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = [Contract],
            FromBlock = new BlockParameter(new HexBigInteger(DeployBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [topic],
        });
        return logs.DecodeAllEvents<TransferEventDto>()
            .OrderBy(l => l.Log.BlockNumber.Value).ThenBy(l => l.Log.LogIndex.Value)
            .GroupBy(l => (long)l.Event.TokenId)
            .ToDictionary(g => g.Key, g => g.Select(l => (ChainKeys.Checksum(l.Event.From), ChainKeys.Checksum(l.Event.To),
                (long)l.Log.BlockNumber.Value, l.Log.BlockHash, l.Log.TransactionHash, (long)l.Log.LogIndex.Value)).ToList());
    }
}
