using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Webhooks;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Webhooks;

/// <summary>
/// The events besides work.registered: work.transferred for every transfer the index sees (through this API or
/// straight on the chain; never a mint), one webhook-id per event across a reorg; transaction.failed and
/// chain.reset when the chain is reset under a write, once each whatever restarts follow.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class WebhookEventTests(PipelineFixture fixture)
{
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Webhooks:FirstRetryDelaySeconds"] = "0.2", ["Webhooks:MaxRetryDelaySeconds"] = "0.5", ["Webhooks:PollIntervalMilliseconds"] = "50",
    };

    private DirectChain Chain => new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);

    private static async Task<(string Id, string Secret)> RegisterAsync(HttpClient http, string key, string url, params string[] types)
    {
        var response = await http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/webhooks", key, JsonContent.Create(new { url, eventTypes = types }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private static JsonElement BodyOf(WebhookReceiver.Received r) => JsonDocument.Parse(r.Body).RootElement.Clone();

    /// <summary>
    /// What reached the receiver about one token. The node is shared with the collection's earlier tests, and a new
    /// endpoint also hears of transfers from about a minute before it was made, so other tokens' events may come too.
    /// </summary>
    private static List<WebhookReceiver.Received> AboutToken(WebhookReceiver receiver, long tokenId) =>
        receiver.All.Where(r => BodyOf(r).GetProperty("data").GetProperty("tokenId").GetInt64() == tokenId).ToList();

    private static async Task WaitForAcknowledgedAsync(WebhookReceiver receiver, long tokenId, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (AboutToken(receiver, tokenId).Count(r => r.AnsweredWith == 200) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} acknowledged deliveries about token {tokenId}");
            await Task.Delay(100);
        }
    }

    private static void AssertSigned(string secret, IEnumerable<WebhookReceiver.Received> all)
    {
        foreach (var r in all) Assert.Equal(WebhookSignature.Sign(secret, r.Id, long.Parse(r.Timestamp), r.Body), r.Signature);
    }

    [Fact]
    public async Task Work_transferred_comes_for_a_transfer_through_the_api_and_one_straight_on_chain_never_for_a_mint()
    {
        await using var receiver = new WebhookReceiver(failFirst: 1);
        receiver.Start();
        await using var api = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory(), FastRetries);
        var http = api.CreateClient();
        var key = (await api.CreateAdminKeyAsync(AdminScopes.Webhooks)).ApiKey;
        var (_, secret) = await RegisterAsync(http, key, receiver.Url, "work.transferred");
        var client = new ApiClient(http);

        var tokenId = await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Moves twice"));
        // Through the API, signed by the owner.
        var deadline = ApiClient.InOneHour;
        var signature = await client.SignTransferAsync(TestAccount.Alice, tokenId, TestAccount.Bob.Address, 0, deadline);
        var transfer = await http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
            new { from = TestAccount.Alice.Address, to = TestAccount.Bob.Address, deadline, signature });
        Assert.True(transfer.StatusCode == HttpStatusCode.Created, await transfer.Content.ReadAsStringAsync());
        var apiHash = (await transfer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transactionHash").GetString();
        // Straight on the chain, by the new owner, paying their own gas.
        await Chain.TransferFromAsync(TestAccount.Bob, tokenId, TestAccount.Carol.Address);

        await WaitForAcknowledgedAsync(receiver, tokenId, 2, TimeSpan.FromSeconds(30));
        await Task.Delay(1000); // nothing more may come: no event for the mint, none twice
        var all = AboutToken(receiver, tokenId);
        AssertSigned(secret, all);
        var acknowledged = all.Where(r => r.AnsweredWith == 200).ToList();
        Assert.Equal(2, acknowledged.Count);
        Assert.Equal(2, all.Select(r => r.Id).Distinct().Count()); // the retry of the first kept its id
        var events = acknowledged.Select(BodyOf).Select(b => b.GetProperty("data")).OrderBy(d => d.GetProperty("blockNumber").GetInt64()).ToList();
        Assert.All(acknowledged, r => Assert.Equal("work.transferred", BodyOf(r).GetProperty("type").GetString()));
        Assert.All(events, d => Assert.Equal(tokenId, d.GetProperty("tokenId").GetInt64()));
        Assert.Equal((TestAccount.Alice.Address, TestAccount.Bob.Address),
            (events[0].GetProperty("from").GetString(), events[0].GetProperty("to").GetString()));
        Assert.Equal(apiHash, events[0].GetProperty("transactionHash").GetString(), ignoreCase: true);
        Assert.NotEqual(JsonValueKind.Null, events[0].GetProperty("transactionId").ValueKind); // sent by this API
        Assert.Equal((TestAccount.Bob.Address, TestAccount.Carol.Address),
            (events[1].GetProperty("from").GetString(), events[1].GetProperty("to").GetString()));
        Assert.Equal(JsonValueKind.Null, events[1].GetProperty("transactionId").ValueKind); // someone else's transaction
    }

    [Fact]
    public async Task A_transfer_orphaned_by_a_reorg_and_mined_again_keeps_its_one_webhook_id()
    {
        await using var receiver = new WebhookReceiver(failFirst: 0);
        receiver.Start();
        // A slow sender: the event is likely still unsent when the reorg removes its block (the path that drops and re-adds the row).
        var data = fixture.NewDataDirectory();
        await using var api = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data,
            new Dictionary<string, string>(FastRetries) { ["Webhooks:PollIntervalMilliseconds"] = "4000" });
        var http = api.CreateClient();
        var key = (await api.CreateAdminKeyAsync(AdminScopes.Webhooks)).ApiKey;
        var (webhookId, secret) = await RegisterAsync(http, key, receiver.Url, "work.transferred");
        var client = new ApiClient(http);
        var tokenId = await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Reorged"));

        // One signed transaction, sent before and again after the reorg: the same hash, the same event.
        var web3 = new Web3(new Account(TestAccount.Alice.PrivateKeyHex, 31337), fixture.Node.RpcUrl);
        var handler = web3.Eth.GetContractTransactionHandler<TransferFromFunction>();
        var function = new TransferFromFunction { From = TestAccount.Alice.Address, To = TestAccount.Bob.Address, TokenId = tokenId };
        function.Gas = new HexBigInteger(200_000);
        function.Nonce = await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(TestAccount.Alice.Address, Nethereum.RPC.Eth.DTOs.BlockParameter.CreatePending());
        function.GasPrice = new HexBigInteger(await web3.Eth.GasPrice.SendRequestAsync());
        var signed = await handler.SignTransactionAsync(Chain.Contract, function);
        var raw = signed.StartsWith("0x", StringComparison.Ordinal) ? signed : "0x" + signed;

        var snapshot = (await fixture.Node.RpcAsync("evm_snapshot")).GetString()!;
        var hash = (await fixture.Node.RpcAsync("eth_sendRawTransaction", raw)).GetString();
        var before = await DeliveryOfAsync(data, webhookId, tokenId, TimeSpan.FromSeconds(20));

        Assert.True((await fixture.Node.RpcAsync("evm_revert", snapshot)).GetBoolean());
        await fixture.MineAsync();
        await fixture.MineAsync();
        Assert.Equal(hash, (await fixture.Node.RpcAsync("eth_sendRawTransaction", raw)).GetString());
        await fixture.MineAsync();

        await WaitForAcknowledgedAsync(receiver, tokenId, 1, TimeSpan.FromSeconds(30));
        var after = await DeliveryOfAsync(data, webhookId, tokenId, TimeSpan.FromSeconds(20), differentBlockThan: before.Block);
        Assert.Equal(before.Id, after.Id); // removed with the orphaned block (if unsent) and stored again with the same id
        await Task.Delay(4500); // one more round of the sender: nothing more may come
        var all = AboutToken(receiver, tokenId);
        AssertSigned(secret, all);
        Assert.Equal([WebhookSignature.MessageId(before.Id)], all.Select(r => r.Id).Distinct());
        Assert.Single(all, r => r.AnsweredWith == 200);
    }

    /// <summary>The delivery of the webhook's one work.transferred event of the token, once stored (optionally: once it names another block).</summary>
    private static async Task<(Guid Id, string Block)> DeliveryOfAsync(string data, string webhookId, long tokenId, TimeSpan timeout,
        string? differentBlockThan = null)
    {
        var endpoint = Guid.Parse(webhookId);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = PipelineFixture.OpenDatabase(data))
            {
                // The event key is work.transferred:<transaction hash>:<token id>:<from>:<to>.
                var rows = (await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint).ToListAsync())
                    .Where(d => d.EventKey.Split(':')[2] == tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                if (rows.Count > 1) Assert.Fail($"{rows.Count} deliveries for one event: {string.Join(", ", rows.Select(r => r.EventKey))}");
                if (rows.Count == 1)
                {
                    var block = JsonDocument.Parse(rows[0].Payload).RootElement.GetProperty("data").GetProperty("blockHash").GetString()!;
                    if (differentBlockThan is null || block != differentBlockThan) return (rows[0].Id, block);
                }
            }
            Assert.True(DateTime.UtcNow < deadline, "the delivery was never stored");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_chain_reset_under_a_write_sends_chain_reset_and_transaction_failed_once_each_across_a_restart()
    {
        await using var node = await HardhatNode.StartAsync();
        var data = Directory.CreateDirectory(Path.Combine(node.WorkDirectory, "api")).FullName;
        await using var receiver = new WebhookReceiver(failFirst: 1);
        receiver.Start();
        HardhatNode? fresh = null;
        string secret;
        Guid writeId;
        try
        {
            await using (var first = await ApiProcess.StartAsync(node.RpcUrl, node.DeploymentFile, data, FastRetries))
            {
                var http = first.CreateClient();
                var key = System.Text.RegularExpressions.Regex.Match(first.Output, @"Admin key \(every scope; shown once, only its hash is stored\): (\S+)").Groups[1].Value;
                (_, secret) = await RegisterAsync(http, key, receiver.Url, "transaction.failed", "chain.reset");
                var client = new ApiClient(http);
                await node.RpcAsync("evm_setAutomine", false); // sent, never mined
                var file = ApiClient.RandomFile();
                var deadline = ApiClient.InOneHour;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
                {
                    Content = ApiClient.WorkForm(file, new Dictionary<string, string?>
                    {
                        ["title"] = "Lost with the chain", ["creator"] = TestAccount.Carol.Address, ["deadline"] = deadline.ToString(),
                        ["signature"] = await client.SignMintAsync(TestAccount.Carol, file, deadline: deadline),
                    }),
                };
                request.Headers.Add("Prefer", "respond-async");
                var accepted = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
                writeId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

                fresh = await node.KillAndStartFreshAsync();
                await receiver.WaitForAcknowledgedAsync(2, TimeSpan.FromSeconds(60));
            }
            // A restart sees the reset again: nothing new is stored or sent.
            await using (var second = await ApiProcess.StartAsync(fresh.RpcUrl, node.DeploymentFile, data, FastRetries))
            {
                Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync("/health/live")).StatusCode);
                await Task.Delay(3000);
            }
        }
        finally
        {
            if (fresh is not null) await fresh.DisposeAsync();
        }

        var all = receiver.All;
        AssertSigned(secret, all);
        var acknowledged = all.Where(r => r.AnsweredWith == 200).ToList();
        Assert.Equal(2, acknowledged.Count);
        Assert.Equal(2, all.Select(r => r.Id).Distinct().Count());
        var byType = acknowledged.ToDictionary(r => BodyOf(r).GetProperty("type").GetString()!, r => BodyOf(r).GetProperty("data"));
        Assert.Equal(["chain.reset", "transaction.failed"], byType.Keys.Order());
        Assert.Equal(31337, byType["chain.reset"].GetProperty("chainId").GetInt64());
        Assert.Contains("reset", byType["chain.reset"].GetProperty("reason").GetString());
        var failed = byType["transaction.failed"];
        Assert.Equal(writeId, failed.GetProperty("transactionId").GetGuid());
        Assert.Equal("mint", failed.GetProperty("kind").GetString());
        Assert.Equal("chain-reset", failed.GetProperty("failure").GetProperty("code").GetString());
    }
}
