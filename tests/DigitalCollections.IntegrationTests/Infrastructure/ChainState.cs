using System.Numerics;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using Nethereum.Web3;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>What a refused request must not change: transactions of every relayer, tokens, stored files (on disk and in the database).</summary>
public sealed record ChainState(long RelayerTransactions, long TotalWorks, int StoredFiles)
{
    public static async Task<ChainState> CaptureAsync(ChainFixture fixture)
    {
        var deployment = JsonDocument.Parse(await File.ReadAllTextAsync(fixture.Node.DeploymentFile)).RootElement;
        var contract = deployment.GetProperty("contractAddress").GetString()!;
        var relayers = deployment.GetProperty("relayers").EnumerateArray().Select(r => r.GetString()!).ToList();
        var web3 = new Web3(fixture.Node.RpcUrl);
        var total = await web3.Eth.GetContractQueryHandler<TotalWorksFunction>().QueryAsync<BigInteger>(contract, new TotalWorksFunction());
        var content = Path.Combine(fixture.Api.DataDirectory, "content");
        var files = Directory.Exists(content) ? Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Count() : 0;
        var staging = Path.Combine(fixture.Api.DataDirectory, "staging");
        var staged = Directory.Exists(staging) ? Directory.EnumerateFiles(staging).Count() : 0;
        long sent = 0;
        foreach (var relayer in relayers) sent += await fixture.Node.TransactionCountAsync(relayer);
        await using var db = TestStore.Open(fixture.Api.DataDirectory);
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.StoredContents);
        return new ChainState(sent, (long)total, files + staged + rows);
    }
}
