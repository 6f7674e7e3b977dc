using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using DigitalCollections.Api.Transactions;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Transactions;

/// <summary>
/// With automine off a sent transaction can leave the node's pool (hardhat_dropTransaction) or sit in it
/// unmined: the write path sends the first again and replaces the second, and every write confirms once.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class StalledTransactionTests(PipelineFixture fixture)
{
    private static async Task<List<Guid>> MintAsync(ApiClient client, int count)
    {
        var domain = await client.DomainAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var file = ApiClient.RandomFile();
            var deadline = ApiClient.InOneHour;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
            {
                Content = ApiClient.WorkForm(file, new Dictionary<string, string?>
                {
                    ["title"] = $"Stalled {i}", ["creator"] = TestAccount.Dave.Address, ["deadline"] = deadline.ToString(),
                    ["signature"] = await client.SignMintAsync(TestAccount.Dave, file, deadline: deadline, domain: domain),
                }),
            };
            request.Headers.Add("Prefer", "respond-async");
            using var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        return ids;
    }

    /// <summary>Mines a block now and then until every write is final (the chain waits for nobody with automine off).</summary>
    private async Task<List<JsonElement>> MineUntilFinalAsync(ApiClient client, IEnumerable<Guid> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var open = ids.ToList();
        var final = new List<JsonElement>();
        while (open.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{open.Count} writes never ended, e.g. {open[0]}");
            await fixture.MineAsync();
            await Task.Delay(250);
            foreach (var id in open.ToList())
            {
                var view = await client.GetJsonAsync($"/api/v1/transactions/{id}");
                if (view.GetProperty("state").GetString() is not ("confirmed" or "failed")) continue;
                final.Add(view);
                open.Remove(id);
            }
        }
        return final;
    }

    [Fact]
    public async Task A_mint_dropped_from_the_pool_is_sent_again_and_all_ten_confirm_once_without_a_nonce_gap()
    {
        var data = fixture.NewDataDirectory();
        await using var api = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data,
            new Dictionary<string, string> { ["Chain:DevelopmentRelayers"] = "1" });
        var client = new ApiClient(api.CreateClient());
        var totalBefore = await fixture.TotalWorksAsync();
        await fixture.SetAutomineAsync(false);
        try
        {
            var ids = await MintAsync(client, 10);
            var sent = new List<JsonElement>();
            foreach (var id in ids)
                sent.Add(await ChainResetTests.PollUntilAsync(client.Http, $"/api/v1/transactions/{id}", t => t.GetProperty("state").GetString() == "sent"));

            // The fourth leaves the node's pool; those after it wait behind the hole in the nonces.
            var dropped = sent.OrderBy(t => t.GetProperty("nonce").GetInt64()).ElementAt(3);
            var droppedHash = dropped.GetProperty("transactionHash").GetString()!;
            Assert.True((await fixture.Node.RpcAsync("hardhat_dropTransaction", droppedHash)).GetBoolean());

            var final = await MineUntilFinalAsync(client, ids, TimeSpan.FromSeconds(90));
            Assert.All(final, t => Assert.True(t.GetProperty("state").GetString() == "confirmed", t.ToString()));
            var again = final.Single(t => t.GetProperty("id").GetGuid() == dropped.GetProperty("id").GetGuid());
            Assert.Equal(dropped.GetProperty("nonce").GetInt64(), again.GetProperty("nonce").GetInt64()); // its nonce was still free
        }
        finally
        {
            await fixture.SetAutomineAsync(true);
        }

        Assert.Equal(totalBefore + 10, await fixture.TotalWorksAsync());
        var outbox = await PipelineFixture.OutboxAsync(data);
        Assert.Equal(10, outbox.Count);
        Assert.All(outbox, t => Assert.Equal(TransactionStates.Confirmed, t.State));
        await fixture.AssertNoNonceGapsAsync(outbox);
        await using var db = PipelineFixture.OpenDatabase(data);
        Assert.Equal(10, await db.Works.Select(w => w.ContentHash).Distinct().CountAsync());
    }

    [Fact]
    public async Task A_mint_pending_too_long_is_replaced_at_a_higher_gas_price_and_confirms_once()
    {
        var data = fixture.NewDataDirectory();
        await using var api = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data,
            new Dictionary<string, string> { ["Chain:DevelopmentRelayers"] = "1", ["Chain:ReplaceAfterSeconds"] = "2" });
        var client = new ApiClient(api.CreateClient());
        var totalBefore = await fixture.TotalWorksAsync();
        await fixture.SetAutomineAsync(false);
        string firstHash;
        try
        {
            var id = (await MintAsync(client, 1)).Single();
            var first = await ChainResetTests.PollUntilAsync(client.Http, $"/api/v1/transactions/{id}", t => t.GetProperty("state").GetString() == "sent");
            firstHash = first.GetProperty("transactionHash").GetString()!;
            var firstPrice = BigInteger.Parse((await PipelineFixture.OutboxAsync(data)).Single().GasPrice!);

            var replaced = await ChainResetTests.PollUntilAsync(client.Http, $"/api/v1/transactions/{id}",
                t => t.GetProperty("transactionHash").GetString() != firstHash, TimeSpan.FromSeconds(60));
            Assert.Equal(first.GetProperty("nonce").GetInt64(), replaced.GetProperty("nonce").GetInt64());
            var row = (await PipelineFixture.OutboxAsync(data)).Single();
            Assert.True(BigInteger.Parse(row.GasPrice!) * 10 >= firstPrice * 11, $"{row.GasPrice} is not 10% over {firstPrice}");

            var final = (await MineUntilFinalAsync(client, [id], TimeSpan.FromSeconds(60))).Single();
            Assert.Equal("confirmed", final.GetProperty("state").GetString());
        }
        finally
        {
            await fixture.SetAutomineAsync(true);
        }
        Assert.Equal(totalBefore + 1, await fixture.TotalWorksAsync());
        var outbox = await PipelineFixture.OutboxAsync(data);
        Assert.Equal(JsonValueKind.Null, (await fixture.Node.RpcAsync("eth_getTransactionReceipt", firstHash)).ValueKind);
        Assert.NotEqual(JsonValueKind.Null, (await fixture.Node.RpcAsync("eth_getTransactionReceipt", outbox.Single().TransactionHash!)).ValueKind);
        await fixture.AssertNoNonceGapsAsync(outbox);
    }
}
