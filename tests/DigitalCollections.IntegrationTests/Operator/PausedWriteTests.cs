using System.Net;
using DigitalCollections.IntegrationTests.Infrastructure;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Operator;

/// <summary>
/// A pause made on the chain, outside this API: once the identity guard has looked again, a registration whose gas
/// limit would come from the cache (a self-signed mint, nothing estimated) is refused 503 collection-paused before
/// anything is signed, so the pause costs the relayers no reverted transaction. Without that check the mint was
/// sent, mined and reverted.
/// </summary>
[Collection(OperatorCollection.Name)]
public sealed class PausedWriteTests(ChainFixture fixture)
{
    // Hardhat's account #0: the deployer, which holds PAUSER_ROLE.
    private const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    [Fact]
    public async Task A_pause_made_on_chain_refuses_a_registration_before_anything_is_sent()
    {
        var api = new ApiClient(fixture.Api.CreateClient());
        // A first self-signed mint: the mint's gas limit is cached from here on.
        await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Before the pause"));

        await SendAsync(new PauseFunction());
        try
        {
            await Task.Delay(1500); // the guard reuses its look at the chain for a second
            var blocks = await fixture.Node.BlockNumberAsync();
            var refused = await ApiClient.AssertProblemAsync(
                await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "During the pause"), HttpStatusCode.ServiceUnavailable, null);
            Assert.EndsWith(":collection-paused", refused.GetProperty("type").GetString());
            await Task.Delay(500); // a write already handed to a lane would be mined by now (automine)
            Assert.Equal(blocks, await fixture.Node.BlockNumberAsync()); // nothing sent, nothing reverted on chain
        }
        finally
        {
            await SendAsync(new UnpauseFunction());
        }
        await Task.Delay(1500);
        Assert.Equal(HttpStatusCode.Created,
            (await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "After the pause")).StatusCode);
        await fixture.Api.AssertAnswersAgreeAsync();
    }

    private async Task SendAsync<T>(T function) where T : FunctionMessage, new()
    {
        var chain = new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);
        var web3 = new Web3(new Account(DeployerKey, 31337), fixture.Node.RpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<T>().SendRequestAndWaitForReceiptAsync(chain.Contract, function);
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    [Function("pause")]
    private sealed class PauseFunction : FunctionMessage;

    [Function("unpause")]
    private sealed class UnpauseFunction : FunctionMessage;
}
