using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Provenance;

[Collection(ChainCollection.Name)]
public sealed class IndexConsistencyTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());
    private readonly DirectChain _chain = new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);

    /// <summary>Waits until GET /api/v1/chain says the index has read the node's current head.</summary>
    internal static async Task WaitForIndexAsync(ApiClient api, long head)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var index = (await api.GetJsonAsync("/api/v1/chain")).GetProperty("index");
            if (index.GetProperty("blockNumber").GetInt64() >= head) return;
            Assert.True(DateTime.UtcNow < deadline, $"the index did not reach block {head}: {index}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task After_a_random_workload_the_index_matches_a_direct_log_scan_for_every_token()
    {
        var random = new Random(20261126);
        var people = new[] { TestAccount.Alice, TestAccount.Bob, TestAccount.Carol };
        var owners = new Dictionary<long, TestAccount>();
        for (var i = 0; i < 12; i++)
        {
            var creator = people[random.Next(3)];
            var owner = people[random.Next(3)];
            var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(creator, ApiClient.RandomFile(), $"Random {i}", to: owner.Address));
            owners[tokenId] = owner;
        }
        for (var i = 0; i < 20; i++)
        {
            var tokenId = owners.Keys.ElementAt(random.Next(owners.Count));
            var from = owners[tokenId];
            var to = people.Where(p => p != from).ElementAt(random.Next(2));
            if (random.Next(2) == 0)
            {
                // Through the API, signed by the owner.
                var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
                var deadline = ApiClient.InOneHour;
                var signature = await _api.SignTransferAsync(from, tokenId, to.Address, work.GetProperty("transferNonce").GetInt64(), deadline);
                var response = await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
                    new { from = from.Address, to = to.Address, deadline, signature });
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            }
            else
            {
                // Directly on the contract: the index must see what the API never sent.
                await _chain.TransferFromAsync(from, tokenId, to.Address);
            }
            owners[tokenId] = to;
        }

        await WaitForIndexAsync(_api, await _chain.HeadAsync());
        var scan = await _chain.ScanTransfersAsync();
        var total = await _chain.TotalWorksAsync();
        Assert.Equal(total, scan.Count);
        for (var tokenId = 1L; tokenId <= total; tokenId++)
        {
            var provenance = await _api.GetJsonAsync($"/api/v1/works/{tokenId}/provenance");
            var events = provenance.GetProperty("events").EnumerateArray().ToList();
            var expected = scan[tokenId];
            Assert.Equal(expected.Count, events.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var (from, to, block, blockHash, tx, logIndex) = expected[i];
                var e = events[i];
                Assert.Equal(i == 0 ? "mint" : "transfer", e.GetProperty("kind").GetString());
                Assert.Equal(from, e.GetProperty("from").GetString());
                Assert.Equal(to, e.GetProperty("to").GetString());
                Assert.Equal(block, e.GetProperty("blockNumber").GetInt64());
                Assert.Equal(blockHash, e.GetProperty("blockHash").GetString());
                Assert.Equal(tx, e.GetProperty("transactionHash").GetString());
                Assert.Equal(logIndex, e.GetProperty("logIndex").GetInt64());
                Assert.True(e.GetProperty("confirmed").GetBoolean());
            }
            Assert.Equal(await _chain.OwnerOfAsync(tokenId), provenance.GetProperty("currentOwner").GetString());
            Assert.True(provenance.GetProperty("consistentWith").GetProperty("blockNumber").GetInt64() >= expected[^1].Block);
        }
        foreach (var (tokenId, owner) in owners) Assert.Equal(owner.Address, await _chain.OwnerOfAsync(tokenId));
    }

    [Fact]
    public async Task Verification_by_hash_comes_from_the_index_and_names_its_block()
    {
        var file = ApiClient.RandomFile();
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Bob, file, "Verified"));
        var registered = await _api.GetJsonAsync($"/api/v1/verifications/{ApiClient.HashOf(file)}");
        Assert.True(registered.GetProperty("registered").GetBoolean());
        Assert.Equal(tokenId, registered.GetProperty("tokenId").GetInt64());
        Assert.Equal(TestAccount.Bob.Address, registered.GetProperty("creator").GetString());
        Assert.True(registered.GetProperty("confirmed").GetBoolean());
        var block = registered.GetProperty("consistentWith").GetProperty("blockNumber").GetInt64();
        Assert.True(block >= 1);

        var unknown = await _api.GetJsonAsync($"/api/v1/verifications/{ApiClient.HashOf(ApiClient.RandomFile())}");
        Assert.False(unknown.GetProperty("registered").GetBoolean());
        Assert.True(unknown.GetProperty("consistentWith").GetProperty("blockNumber").GetInt64() >= block);
    }

    [Fact]
    public async Task Chain_info_and_readiness_report_the_index_and_its_lag()
    {
        await WaitForIndexAsync(_api, await _chain.HeadAsync());
        var index = (await _api.GetJsonAsync("/api/v1/chain")).GetProperty("index");
        Assert.Equal("following", index.GetProperty("state").GetString());
        Assert.Equal(0, index.GetProperty("lagBlocks").GetInt64());
        var ready = await _api.Http.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("lagBlocks", body);
        Assert.Contains("\"index\"", body);
    }
}
