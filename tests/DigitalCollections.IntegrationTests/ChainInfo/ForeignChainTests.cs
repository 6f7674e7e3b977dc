using System.Net;
using System.Text.Json;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.ChainInfo;

/// <summary>
/// A node that says another chain id than the deployment's (31337, so the Hardhat development keys were
/// chosen): unready, every chain-bound request a 503, nothing signed or sent; once it says 31337 again, all works.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ForeignChainTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_node_of_another_chain_id_gets_no_transaction_and_the_api_answers_503_until_it_is_ours()
    {
        await using var proxy = await RpcProxy.StartAsync(fixture.Node.RpcUrl);
        proxy.ChainIdOverride = 1;
        var data = fixture.NewDataDirectory();
        await using var api = new ApiFactory(proxy.Url, fixture.Node.DeploymentFile, data,
            new Dictionary<string, string> { ["Chain:WebSocketUrl"] = "off" });
        var client = new ApiClient(api.CreateClient());

        var ready = await client.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        var checks = health.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Contains("chain 1", checks["chain"].GetProperty("description").GetString());
        Assert.NotEqual("healthy", checks["index"].GetProperty("status").GetString());

        var mint = await client.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile());
        var problem = await ApiClient.AssertProblemAsync(mint, HttpStatusCode.ServiceUnavailable, null);
        Assert.EndsWith(":wrong-chain", problem.GetProperty("type").GetString());
        problem = await ApiClient.AssertProblemAsync(await client.Http.GetAsync("/api/v1/works/1"), HttpStatusCode.ServiceUnavailable, null);
        Assert.EndsWith(":wrong-chain", problem.GetProperty("type").GetString());
        // Bad input is still a 400 naming the field, not a 503.
        await ApiClient.AssertProblemAsync(await client.Http.GetAsync("/api/v1/works/not-a-number"), HttpStatusCode.BadRequest, "tokenId");
        Assert.Equal(0, proxy.Sends);

        // The node says the deployment's chain id again: ready, and writes go through.
        proxy.ChainIdOverride = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "readiness never recovered");
            await Task.Delay(200);
        }
        await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile()));
        Assert.True(proxy.Sends >= 1);
    }
}
