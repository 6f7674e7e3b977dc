using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Transactions;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Transactions;

/// <summary>
/// Batches forced to form: the lane's first send is held at the proxy, so the writes after it queue behind it
/// and go out together as one mintWorks call once it is released.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BatchedRelayTests(PipelineFixture fixture)
{
    /// <summary>Hardhat #19: one of the development relayers (MINTER_ROLE), not a lane of an API with one relayer.</summary>
    private const string DirectMinterKey = "0xdf57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e";

    private sealed record Held(ApiFactory Api, ApiClient Client, RpcProxy Proxy, SigningDomain Domain, Guid First);

    /// <summary>An API with one lane whose first send (of <c>first</c>, answered 202) the proxy holds.</summary>
    private async Task<Held> HoldFirstSendAsync(Dictionary<string, string> settings)
    {
        var proxy = await RpcProxy.StartAsync(fixture.Node.RpcUrl);
        proxy.Faults = n => n == 1 ? SendFault.Hold : SendFault.None;
        settings["Chain:DevelopmentRelayers"] = "1";
        settings["Chain:MaxBatchSize"] = "32";
        var api = new ApiFactory(proxy.Url, fixture.Node.DeploymentFile, fixture.NewDataDirectory(), settings);
        var client = new ApiClient(api.CreateClient());
        var domain = await client.DomainAsync();
        using var first = await MintRequest(client, ApiClient.RandomFile(), "Alone", domain, respondAsync: true);
        var accepted = await client.Http.SendAsync(first);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return new Held(api, client, proxy, domain, id);
    }

    private static async Task<HttpRequestMessage> MintRequest(ApiClient client, byte[] file, string title, SigningDomain domain, bool respondAsync = false)
    {
        var deadline = ApiClient.InOneHour;
        var signature = await client.SignMintAsync(TestAccount.Alice, file, deadline: deadline, domain: domain);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?>
            {
                ["title"] = title, ["creator"] = TestAccount.Alice.Address, ["deadline"] = deadline.ToString(), ["signature"] = signature,
            }),
        };
        if (respondAsync) request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    /// <summary>Posts the files at once; returns once all of them wait in the lane's queue behind the held send.</summary>
    private static async Task<List<Task<(HttpStatusCode Status, JsonElement Body)>>> QueueBehindAsync(Held held, IReadOnlyList<byte[]> files)
    {
        var posts = files.Select((file, i) => Task.Run(async () =>
        {
            using var request = await MintRequest(held.Client, file, $"Batched {i}", held.Domain);
            using var response = await held.Client.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        })).ToList();
        var lane = held.Api.Services.GetRequiredService<TransactionPipeline>().Lanes.Single();
        for (var until = DateTime.UtcNow.AddSeconds(60); lane.Outstanding < files.Count + 1; await Task.Delay(20))
            Assert.True(DateTime.UtcNow < until, $"the writes did not reach the lane ({lane.Outstanding} outstanding)");
        return posts;
    }

    [Fact]
    public async Task A_batch_with_an_item_registered_meanwhile_fails_just_that_item_with_the_single_calls_problem()
    {
        var held = await HoldFirstSendAsync([]);
        await using var proxy = held.Proxy;
        await using var api = held.Api;
        var files = Enumerable.Range(0, 4).Select(_ => ApiClient.RandomFile()).ToList();
        var posts = await QueueBehindAsync(held, files);

        // The third file is registered directly on the contract after the API's duplicate check let it through.
        var duplicate = files[2];
        var deadline = ApiClient.InOneHour;
        var direct = new MintAuthorization
        {
            Creator = TestAccount.Alice.Address, To = TestAccount.Alice.Address, ContentHash = ApiClient.HashOf(duplicate), RoyaltyBps = 0, Deadline = deadline,
        };
        var web3 = new Web3(new Account(DirectMinterKey, 31337), fixture.Node.RpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<MintWorkFunction>().SendRequestAndWaitForReceiptAsync(
            new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile).Contract,
            new MintWorkFunction
            {
                Auth = MintAuthorizationAbi.Of(direct),
                Signature = Formats.FromHex(AuthorizationSigning.Sign(direct, held.Domain, TestAccount.Alice.PrivateKey)),
                Gas = new HexBigInteger(500_000),
            });
        Assert.Equal(1, (int)receipt.Status.Value);
        var directToken = await new ContractReads(fixture).TokenOfContentAsync(ApiClient.HashOf(duplicate));

        held.Proxy.ReleaseHeld();
        var answers = await Task.WhenAll(posts);

        // The others are minted; the duplicate is the 409 a lone mint of registered bytes answers, with the token.
        Assert.All(answers.Where((_, i) => i != 2), a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Equal(HttpStatusCode.Conflict, answers[2].Status);
        Assert.EndsWith(":duplicate-work", answers[2].Body.GetProperty("type").GetString());
        Assert.Equal(directToken, answers[2].Body.GetProperty("tokenId").GetInt64());

        // Each write's own transaction view, found by its content in the outbox.
        var outbox = await PipelineFixture.OutboxAsync(held.Api.DataDirectory);
        var views = new List<JsonElement>();
        foreach (var file in files)
        {
            var row = outbox.Single(t => t.ContentHash == ApiClient.HashOf(file) && t.Id != held.First);
            views.Add(await held.Client.GetJsonAsync($"/api/v1/transactions/{row.Id}"));
        }
        Assert.Equal(answers[2].Body.GetProperty("transactionId").GetGuid(), views[2].GetProperty("id").GetGuid());
        var batchHash = views[0].GetProperty("batch").GetProperty("transactionHash").GetString();
        for (var i = 0; i < views.Count; i++)
        {
            var batch = views[i].GetProperty("batch");
            Assert.Equal(batchHash, batch.GetProperty("transactionHash").GetString());
            Assert.Equal(views[i].GetProperty("transactionHash").GetString(), batchHash);
            Assert.Equal(4, batch.GetProperty("size").GetInt32());
        }
        // Positions in the order the writes reached the lane: each one of 0..3 once.
        Assert.Equal([0, 1, 2, 3], views.Select(v => v.GetProperty("batch").GetProperty("index").GetInt32()).Order());
        Assert.Equal("failed", views[2].GetProperty("state").GetString());
        Assert.Equal("WorkAlreadyRegistered", views[2].GetProperty("failure").GetProperty("code").GetString());
        var alone = await AsyncWriteTests.PollUntilFinalAsync(held.Client.Http, $"/api/v1/transactions/{held.First}");
        Assert.Equal("confirmed", alone.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("batch").ValueKind); // a lone write goes as its single call
    }

    [Fact]
    public async Task A_batch_that_runs_out_of_gas_is_split_and_sent_again_until_every_write_is_minted()
    {
        // Half the estimate: every batch runs out of gas; its halves do too, down to single mintWork calls.
        var held = await HoldFirstSendAsync(new() { ["Chain:BatchGasLimitMargin"] = "0.5" });
        await using var proxy = held.Proxy;
        await using var api = held.Api;
        var totalBefore = await fixture.TotalWorksAsync();
        var files = Enumerable.Range(0, 4).Select(_ => ApiClient.RandomFile()).ToList();
        var posts = await QueueBehindAsync(held, files);

        held.Proxy.ReleaseHeld();
        var answers = await Task.WhenAll(posts);

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Created, a.Body.ToString()));
        Assert.Equal(files.Count, answers.Select(a => a.Body.GetProperty("tokenId").GetInt64()).Distinct().Count());
        await AsyncWriteTests.PollUntilFinalAsync(held.Client.Http, $"/api/v1/transactions/{held.First}");
        Assert.Equal(totalBefore + files.Count + 1, await fixture.TotalWorksAsync());
        var outbox = await PipelineFixture.OutboxAsync(held.Api.DataDirectory);
        Assert.Equal(files.Count + 1, outbox.Count);
        Assert.All(outbox, t => Assert.Equal(TransactionStates.Confirmed, t.State));
        Assert.All(outbox, t => Assert.Null(t.BatchSize)); // each ended up going alone, as its single call
        Assert.Equal(files.Count + 1, outbox.Select(t => t.TransactionHash).Distinct().Count());
    }

    [Fact]
    public async Task Killed_with_a_batch_recorded_but_never_sent_a_restart_sends_its_writes_again_and_each_is_minted_once()
    {
        var data = fixture.NewDataDirectory();
        var totalBefore = await fixture.TotalWorksAsync();
        await using var proxy = await RpcProxy.StartAsync(fixture.Node.RpcUrl);
        // The first send waits for the test; every later one hangs until the process dies.
        proxy.Faults = n => n == 1 ? SendFault.Hold : SendFault.Hang;
        var settings = new Dictionary<string, string>
        {
            ["Chain:DevelopmentRelayers"] = "1", ["Chain:MaxBatchSize"] = "32", ["Chain:ConfirmationWaitSeconds"] = "0.5",
            ["Metrics:Enabled"] = "true", // the lane's depth gauge tells when the writes queue behind the held send
        };
        var files = Enumerable.Range(0, 5).Select(_ => ApiClient.RandomFile()).ToList();
        await using (var first = await ApiProcess.StartAsync(proxy.Url, fixture.Node.DeploymentFile, data, settings))
        {
            var client = new ApiClient(first.CreateClient());
            var domain = await client.DomainAsync();
            using (var alone = await MintRequest(client, files[0], "Alone", domain, respondAsync: true))
                Assert.Equal(HttpStatusCode.Accepted, (await client.Http.SendAsync(alone)).StatusCode);
            var posts = files.Skip(1).Select((file, i) => Task.Run(async () =>
            {
                using var request = await MintRequest(client, file, $"Batched {i}", domain, respondAsync: true);
                return (await client.Http.SendAsync(request)).StatusCode;
            })).ToList();
            // They queue in the lane behind the held send (their bytes are recorded with them, once the lane records
            // its next batch): the lane's depth counts the held write and the queued ones.
            var scrapes = first.CreateClient();
            for (var until = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(50))
            {
                if (LaneDepth(await scrapes.GetStringAsync("/metrics")) >= files.Count) break;
                Assert.True(DateTime.UtcNow < until, "the writes did not reach the lane");
            }
            await Task.Delay(300);
            proxy.ReleaseHeld();
            Assert.All(await Task.WhenAll(posts), status => Assert.Equal(HttpStatusCode.Accepted, status));
            await first.KillAsync(); // the batch is recorded; its send hangs
        }

        var left = await PipelineFixture.OutboxAsync(data);
        var batch = left.Where(t => t.BatchSize is not null).ToList();
        Assert.Equal(4, batch.Count);
        Assert.Single(batch.Select(t => t.TransactionHash).Distinct());
        Assert.All(batch, t => Assert.Equal(TransactionStates.Queued, t.State));
        Assert.Single(batch, t => t.SignedTransaction is not null); // the first row keeps the signed bytes

        await using var second = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, settings);
        var http = second.CreateClient();
        foreach (var row in left) Assert.Equal("confirmed", (await AsyncWriteTests.PollUntilFinalAsync(http, $"/api/v1/transactions/{row.Id}")).GetProperty("state").GetString());
        Assert.Contains("4 never reached the chain and re-queued", second.Output);
        Assert.Equal(totalBefore + files.Count, await fixture.TotalWorksAsync());
        var outbox = await PipelineFixture.OutboxAsync(data);
        Assert.Equal(files.Count, outbox.Count);
        Assert.All(outbox, t => Assert.Equal(TransactionStates.Confirmed, t.State));
        await fixture.AssertNoNonceGapsAsync(outbox);
    }

    /// <summary>The writes handed to the relayer lanes and not yet sent (the dc.lane.depth gauge, Prometheus text).</summary>
    private static double LaneDepth(string scrape) =>
        System.Text.RegularExpressions.Regex.Matches(scrape, @"(?m)^dc_lane_depth(\{[^}]*\})? (?<value>[^ \n]+)")
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    private sealed class ContractReads(PipelineFixture fixture)
    {
        public async Task<long> TokenOfContentAsync(string contentHash) =>
            (long)await new Web3(fixture.Node.RpcUrl).Eth.GetContractQueryHandler<TokenOfContentFunction>()
                .QueryAsync<System.Numerics.BigInteger>(new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile).Contract,
                    new TokenOfContentFunction { ContentHash = Formats.FromHex(contentHash) });
    }
}
