using System.Net;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Provenance;

/// <summary>
/// The index follows the node's WebSocket pushes (eth_subscribe) when it can and polls when it cannot; either
/// way it must hold exactly what a direct log scan shows.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class IndexFeedTests(PipelineFixture fixture)
{
    private DirectChain Chain => new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);

    private static async Task<JsonElement> IndexWhenAsync(ApiClient api, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var index = (await api.GetJsonAsync("/api/v1/chain")).GetProperty("index");
            if (condition(index)) return index;
            Assert.True(DateTime.UtcNow < deadline, $"the index never got there: {index}");
            await Task.Delay(25);
        }
    }

    private async Task AssertMatchesScanAsync(ApiClient api, IEnumerable<long> tokenIds)
    {
        var head = await Chain.HeadAsync();
        await IndexWhenAsync(api, i => i.GetProperty("blockNumber").GetInt64() >= head);
        var scan = await Chain.ScanTransfersAsync();
        foreach (var tokenId in tokenIds)
        {
            var events = (await api.GetJsonAsync($"/api/v1/works/{tokenId}/provenance")).GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(scan[tokenId].Select(s => (s.To, s.BlockHash, s.LogIndex)),
                events.Select(e => (e.GetProperty("to").GetString()!, e.GetProperty("blockHash").GetString()!, e.GetProperty("logIndex").GetInt64())));
        }
    }

    [Fact]
    public async Task The_index_follows_the_nodes_pushes_and_matches_a_direct_scan()
    {
        await using var factory = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory());
        var api = new ApiClient(factory.CreateClient());
        await IndexWhenAsync(api, i => i.GetProperty("feed").GetString() == "websocket");

        var tokens = new List<long>();
        for (var i = 0; i < 3; i++) tokens.Add(await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), $"Pushed {i}")));
        // Moves made directly on the chain, which the API learns of only from the node's pushes (or a poll).
        await Chain.TransferFromAsync(TestAccount.Carol, tokens[0], TestAccount.Dave.Address);
        await Chain.TransferFromAsync(TestAccount.Carol, tokens[1], TestAccount.Dave.Address);
        await Chain.TransferFromAsync(TestAccount.Dave, tokens[0], TestAccount.Alice.Address);
        await fixture.MineAsync(); // a block without the contract's logs

        await AssertMatchesScanAsync(api, tokens);
        var index = await IndexWhenAsync(api, i => i.GetProperty("lagBlocks").GetInt64() == 0);
        Assert.Equal("websocket", index.GetProperty("feed").GetString());
    }

    [Fact]
    public async Task With_pushes_off_the_index_polls_and_still_follows()
    {
        await using var factory = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory(),
            new Dictionary<string, string> { ["Chain:WebSocketUrl"] = "off" });
        var api = new ApiClient(factory.CreateClient());

        var tokenId = await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Dave, ApiClient.RandomFile(), "Polled"));
        await Chain.TransferFromAsync(TestAccount.Dave, tokenId, TestAccount.Carol.Address);

        await AssertMatchesScanAsync(api, [tokenId]);
        Assert.Equal("polling", (await api.GetJsonAsync("/api/v1/chain")).GetProperty("index").GetProperty("feed").GetString());
    }

    [Fact]
    public async Task A_blocks_logs_bloom_names_the_contract_when_the_block_has_its_logs_and_not_otherwise()
    {
        await using var factory = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory());
        var api = new ApiClient(factory.CreateClient());
        var minted = JsonDocument.Parse(await (await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Bloom")).Content.ReadAsStringAsync());
        var withLogs = minted.RootElement.GetProperty("blockNumber").GetInt64();
        await fixture.MineAsync();
        var empty = await Chain.HeadAsync();
        var contract = Formats.FromHex(Chain.Contract);

        async Task<string> BloomOf(long block) =>
            (await fixture.Node.RpcAsync("eth_getBlockByNumber", "0x" + block.ToString("x"), false)).GetProperty("logsBloom").GetString()!;

        Assert.True(Bloom.MayContain(await BloomOf(withLogs), contract));
        Assert.False(Bloom.MayContain(await BloomOf(empty), contract));
    }

    [Fact]
    public async Task Bytes_registered_through_another_instance_are_409_from_this_ones_index_and_send_nothing()
    {
        var file = ApiClient.RandomFile();
        long tokenId;
        await using (var first = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory()))
        {
            tokenId = await new ApiClient(first.CreateClient()).MintedTokenIdAsync(
                await new ApiClient(first.CreateClient()).MintSelfSignedAsync(TestAccount.Alice, file, "First here"));
        }

        // A second instance with its own database: no work row, no outbox row for these bytes, only its index.
        var data = fixture.NewDataDirectory();
        await using var second = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data);
        var api = new ApiClient(second.CreateClient());
        var head = await Chain.HeadAsync();
        await IndexWhenAsync(api, i => i.GetProperty("blockNumber").GetInt64() >= head);
        var works = await Chain.TotalWorksAsync();

        var problem = await ApiClient.AssertProblemAsync(await api.MintSelfSignedAsync(TestAccount.Bob, file, "Copy"), HttpStatusCode.Conflict, "file");
        Assert.Equal(tokenId, problem.GetProperty("tokenId").GetInt64());
        Assert.Equal(works, await Chain.TotalWorksAsync());
        await using var db = PipelineFixture.OpenDatabase(data);
        Assert.Equal(0, await db.ChainTransactions.CountAsync());
    }
}
