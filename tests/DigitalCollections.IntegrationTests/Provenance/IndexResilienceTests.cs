using System.Net;
using System.Text.Json;
using DigitalCollections.Api.Data;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Provenance;

[Collection(PipelineCollection.Name)]
public sealed class IndexResilienceTests(PipelineFixture fixture)
{
    private DirectChain Chain => new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);

    private static async Task<JsonElement> ProvenanceWhenAsync(ApiClient api, long tokenId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var provenance = await api.GetJsonAsync($"/api/v1/works/{tokenId}/provenance");
            if (condition(provenance)) return provenance;
            Assert.True(DateTime.UtcNow < deadline, $"provenance never matched: {provenance}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_reorg_removes_the_orphaned_transfer_and_the_index_follows_the_new_branch()
    {
        var data = fixture.NewDataDirectory();
        await using var factory = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data);
        var api = new ApiClient(factory.CreateClient());
        var tokenId = await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Contested"));

        var snapshot = (await fixture.Node.RpcAsync("evm_snapshot")).GetString()!;
        await Chain.TransferFromAsync(TestAccount.Alice, tokenId, TestAccount.Bob.Address);
        var orphanBlock = await Chain.HeadAsync();
        await ProvenanceWhenAsync(api, tokenId, p => p.GetProperty("currentOwner").GetString() == TestAccount.Bob.Address);

        // The chain drops that block and grows a different branch past it: a reorganisation.
        Assert.True((await fixture.Node.RpcAsync("evm_revert", snapshot)).GetBoolean());
        await fixture.MineAsync();
        await Chain.TransferFromAsync(TestAccount.Alice, tokenId, TestAccount.Carol.Address);
        await fixture.MineAsync();
        Assert.True(await Chain.HeadAsync() > orphanBlock);

        var after = await ProvenanceWhenAsync(api, tokenId, p => p.GetProperty("currentOwner").GetString() == TestAccount.Carol.Address);
        var events = after.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.DoesNotContain(events, e => e.GetProperty("to").GetString() == TestAccount.Bob.Address);
        var scan = (await Chain.ScanTransfersAsync())[tokenId];
        Assert.Equal(scan.Select(s => s.BlockHash), events.Select(e => e.GetProperty("blockHash").GetString()));
        var bobs = await api.GetJsonAsync($"/api/v1/works?owner={TestAccount.Bob.Address}&creator={TestAccount.Alice.Address}");
        Assert.DoesNotContain(bobs.GetProperty("items").EnumerateArray(), i => i.GetProperty("tokenId").GetInt64() == tokenId);
    }

    [Fact]
    public async Task A_reorg_removes_an_orphaned_freeze_and_the_index_keeps_the_new_branches()
    {
        var data = fixture.NewDataDirectory();
        await using var factory = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data);
        var api = new ApiClient(factory.CreateClient());
        var tokenId = await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Disputed twice"));

        var snapshot = (await fixture.Node.RpcAsync("evm_snapshot")).GetString()!;
        var orphanBlock = await Chain.SendAsOperatorAsync(new Api.Chain.FreezeFunction { TokenId = tokenId, ReasonCode = 3 });
        await ProvenanceWhenAsync(api, tokenId, p => p.GetProperty("ruleChanges").GetArrayLength() == 1);

        Assert.True((await fixture.Node.RpcAsync("evm_revert", snapshot)).GetBoolean());
        await fixture.MineAsync();
        var kept = await Chain.SendAsOperatorAsync(new Api.Chain.FreezeFunction { TokenId = tokenId, ReasonCode = 9 });
        await fixture.MineAsync();
        Assert.True(kept > orphanBlock);

        var after = await ProvenanceWhenAsync(api, tokenId, p => p.GetProperty("ruleChanges").EnumerateArray()
            .Any(c => c.GetProperty("reasonCode").GetInt32() == 9));
        var change = Assert.Single(after.GetProperty("ruleChanges").EnumerateArray());
        Assert.Equal(kept, change.GetProperty("blockNumber").GetInt64());
        Assert.Equal(await Chain.BlockHashAsync(kept), change.GetProperty("blockHash").GetString());
        await using var db = PipelineFixture.OpenDatabase(data);
        Assert.Equal(1, await db.IndexedRuleChanges.CountAsync(r => r.TokenId == tokenId));
    }

    [Fact]
    public async Task After_a_restart_the_index_resumes_from_its_checkpoint_without_duplicating_rows()
    {
        var data = fixture.NewDataDirectory();
        long checkpoint;
        await using (var first = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data))
        {
            var api = new ApiClient(first.CreateClient());
            for (var i = 0; i < 3; i++) await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Bob, ApiClient.RandomFile(), $"Before {i}"));
            await IndexConsistencyTests.WaitForIndexAsync(api, await Chain.HeadAsync());
            checkpoint = (await api.GetJsonAsync("/api/v1/chain")).GetProperty("index").GetProperty("blockNumber").GetInt64();
        }

        await Chain.TransferFromAsync(TestAccount.Bob, (await Chain.TotalWorksAsync()), TestAccount.Alice.Address); // while no API runs
        await using var second = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data);
        var again = new ApiClient(second.CreateClient());
        await IndexConsistencyTests.WaitForIndexAsync(again, await Chain.HeadAsync());

        var scan = await Chain.ScanTransfersAsync();
        await using var db = PipelineFixture.OpenDatabase(data);
        var key = (await db.IndexCheckpoints.SingleAsync()).DeploymentKey;
        Assert.True((await db.IndexCheckpoints.SingleAsync()).BlockNumber > checkpoint);
        Assert.Equal(scan.Values.Sum(v => v.Count), await db.IndexedTransfers.CountAsync(t => t.DeploymentKey == key));
        Assert.Equal(scan.Count, await db.IndexedTokens.CountAsync(t => t.DeploymentKey == key));
    }

    [Fact]
    public async Task A_reset_chain_makes_the_api_unready_and_index_reads_refuse_to_answer()
    {
        await using var proxy = await RpcProxy.StartAsync(fixture.Node.RpcUrl);
        var data = fixture.NewDataDirectory();
        await using var factory = new ApiFactory(proxy.Url, fixture.Node.DeploymentFile, data);
        var api = new ApiClient(factory.CreateClient());
        var file = ApiClient.RandomFile();
        var tokenId = await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Carol, file, "Before the reset"));

        // A restarted node: same chain id, same contract address, a new genesis.
        await using var fresh = await HardhatNode.StartAsync();
        proxy.Upstream = fresh.RpcUrl;

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage ready;
        while ((ready = await api.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "readiness never noticed the reset");
            await Task.Delay(100);
        }
        Assert.Contains("reset", await ready.Content.ReadAsStringAsync());
        foreach (var path in new[] { $"/api/v1/works/{tokenId}/provenance", $"/api/v1/verifications/{ApiClient.HashOf(file)}", "/api/v1/works?limit=5" })
        {
            var problem = await ApiClient.AssertProblemAsync(await api.Http.GetAsync(path), HttpStatusCode.ServiceUnavailable, null);
            Assert.EndsWith("chain-reset", problem.GetProperty("type").GetString());
        }
        var index = (await api.GetJsonAsync("/api/v1/chain")).GetProperty("index");
        Assert.Equal("chainReset", index.GetProperty("state").GetString());
    }
}
