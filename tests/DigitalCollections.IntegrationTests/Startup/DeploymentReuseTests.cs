using System.Text.Json.Nodes;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Startup;

/// <summary>
/// scripts/deploy.js with DC_REUSE_DEPLOYMENT=1, as scripts/start.sh runs it: a deployment the chain still
/// holds is kept (so a restart finds its contract and data folder); anything else is deployed anew.
/// </summary>
public sealed class DeploymentReuseTests : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string> Reuse = new Dictionary<string, string> { ["DC_REUSE_DEPLOYMENT"] = "1" };
    private HardhatNode _node = null!;

    public async Task InitializeAsync() => _node = await HardhatNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static JsonObject Read(string file) => JsonNode.Parse(File.ReadAllText(file))!.AsObject();

    private async Task<long> DeployerNonceAsync(string file) => await _node.TransactionCountAsync((string)Read(file)["admin"]!);

    [Fact]
    public async Task A_deployment_the_chain_still_holds_is_reused_and_nothing_is_sent()
    {
        var before = await File.ReadAllTextAsync(_node.DeploymentFile);
        var nonce = await DeployerNonceAsync(_node.DeploymentFile);

        var output = await _node.RunDeployScriptAsync(_node.DeploymentFile, Reuse);

        Assert.Contains("reusing", output);
        Assert.Equal(before, await File.ReadAllTextAsync(_node.DeploymentFile));
        Assert.Equal(nonce, await DeployerNonceAsync(_node.DeploymentFile));
    }

    [Fact]
    public async Task A_deployment_of_another_chain_or_without_its_contract_is_deployed_anew()
    {
        var original = Read(_node.DeploymentFile);

        // Another chain with the same chain id (a restarted Hardhat node): only the genesis block differs.
        var otherGenesis = Path.Combine(_node.WorkDirectory, "other-genesis.json");
        var stale = original.DeepClone().AsObject();
        stale["genesisHash"] = "0x" + new string('1', 64);
        await File.WriteAllTextAsync(otherGenesis, stale.ToJsonString());
        Assert.Contains("Deploying anew", await _node.RunDeployScriptAsync(otherGenesis, Reuse));
        var redeployed = Read(otherGenesis);
        Assert.NotEqual((string)original["contractAddress"]!, (string)redeployed["contractAddress"]!);
        Assert.Equal((string)original["genesisHash"]!, (string)redeployed["genesisHash"]!);

        // The same chain, but no contract at the file's address.
        var noCode = Path.Combine(_node.WorkDirectory, "no-code.json");
        var missing = original.DeepClone().AsObject();
        missing["contractAddress"] = "0x000000000000000000000000000000000000dEaD";
        await File.WriteAllTextAsync(noCode, missing.ToJsonString());
        Assert.Contains("no contract code", await _node.RunDeployScriptAsync(noCode, Reuse));
        Assert.NotEqual("0x000000000000000000000000000000000000dEaD", (string)Read(noCode)["contractAddress"]!);
    }

    [Fact]
    public async Task Without_the_setting_deploy_js_still_deploys_a_new_contract()
    {
        var copy = Path.Combine(_node.WorkDirectory, "again.json");
        File.Copy(_node.DeploymentFile, copy);
        await _node.RunDeployScriptAsync(copy);
        Assert.NotEqual((string)Read(_node.DeploymentFile)["contractAddress"]!, (string)Read(copy)["contractAddress"]!);
    }
}
