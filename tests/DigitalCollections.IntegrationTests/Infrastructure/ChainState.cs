using System.Numerics;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using Nethereum.Web3;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>What a refused request must not change: relayer transactions, tokens, stored files.</summary>
public sealed record ChainState(long RelayerTransactions, long TotalWorks, int StoredFiles)
{
    public static async Task<ChainState> CaptureAsync(ChainFixture fixture)
    {
        var deployment = JsonDocument.Parse(await File.ReadAllTextAsync(fixture.Node.DeploymentFile)).RootElement;
        var contract = deployment.GetProperty("contractAddress").GetString()!;
        var relayer = deployment.GetProperty("relayers")[0].GetString()!;
        var web3 = new Web3(fixture.Node.RpcUrl);
        var total = await web3.Eth.GetContractQueryHandler<TotalWorksFunction>().QueryAsync<BigInteger>(contract, new TotalWorksFunction());
        var content = Path.Combine(fixture.Api.DataDirectory, "content");
        var files = Directory.Exists(content) ? Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Count() : 0;
        var staging = Path.Combine(fixture.Api.DataDirectory, "staging");
        var staged = Directory.Exists(staging) ? Directory.EnumerateFiles(staging).Count() : 0;
        return new ChainState(await fixture.Node.TransactionCountAsync(relayer), (long)total, files + staged);
    }
}
