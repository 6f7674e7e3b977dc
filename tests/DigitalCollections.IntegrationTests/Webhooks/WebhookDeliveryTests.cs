using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DigitalCollections.Api.Webhooks;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Webhooks;

[Collection(PipelineCollection.Name)]
public sealed class WebhookDeliveryTests(PipelineFixture fixture)
{
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Webhooks:FirstRetryDelaySeconds"] = "0.2", ["Webhooks:MaxRetryDelaySeconds"] = "0.5", ["Webhooks:PollIntervalMilliseconds"] = "50",
    };

    [Fact]
    public async Task A_receiver_that_fails_first_and_is_down_across_a_restart_gets_every_event_once_by_id_with_valid_signatures()
    {
        var data = fixture.NewDataDirectory();
        await using var receiver = new WebhookReceiver(failFirst: 2);
        receiver.Start();
        string secret, webhookId, key;
        await using (var first = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, FastRetries))
        {
            var http = first.CreateClient();
            key = AdminKeyOf(first);
            (webhookId, secret) = await RegisterAsync(http, key, receiver.Url);

            var client = new ApiClient(http);
            var token1 = await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), "Webhook one"));
            await receiver.WaitForAcknowledgedAsync(1, TimeSpan.FromSeconds(30)); // after two 500s

            var deliveries = await DeliveriesAsync(http, key, webhookId);
            var delivered = Assert.Single(deliveries.EnumerateArray());
            Assert.Equal("delivered", delivered.GetProperty("state").GetString());
            Assert.Equal([500, 500, 200], delivered.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));

            // The receiver goes down; an event happens; the API dies before it could deliver it.
            await receiver.StopAsync();
            var token2 = await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), "Webhook two"));
            await Task.Delay(500); // a few refused connections
            await first.KillAsync();
            Assert.NotEqual(token1, token2);
        }
        receiver.Start();
        await using (var second = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, FastRetries))
        {
            var all = await receiver.WaitForAcknowledgedAsync(2, TimeSpan.FromSeconds(30));
            await Task.Delay(1000); // nothing more may come
            all = receiver.All;
            var acknowledged = all.Where(r => r.AnsweredWith == 200).ToList();
            Assert.Equal(2, acknowledged.Count);
            Assert.Equal(2, acknowledged.Select(r => r.Id).Distinct().Count()); // one id per event, acknowledged once
            Assert.Equal(2, all.Select(r => r.Id).Distinct().Count());          // retries and the restart reused the ids
            foreach (var r in all)
            {
                Assert.Matches("^msg_[0-9a-f]{32}$", r.Id);
                Assert.Equal(WebhookSignature.Sign(secret, r.Id, long.Parse(r.Timestamp), r.Body), r.Signature);
                var body = JsonDocument.Parse(r.Body).RootElement;
                Assert.Equal("work.registered", body.GetProperty("type").GetString());
            }
            var tokens = acknowledged.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("tokenId").GetInt64()).ToList();
            Assert.Equal(2, tokens.Distinct().Count());

            var deliveries = await DeliveriesAsync(second.CreateClient(), key, webhookId);
            Assert.All(deliveries.EnumerateArray(), d => Assert.Equal("delivered", d.GetProperty("state").GetString()));
        }
    }

    [Fact]
    public async Task Routes_refuse_bad_input_and_a_key_without_the_scope_and_a_delivery_can_be_resent_by_hand()
    {
        var data = fixture.NewDataDirectory();
        await using var receiver = new WebhookReceiver(failFirst: 0);
        receiver.Start();
        await using var api = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, FastRetries);
        var http = api.CreateClient();
        var key = AdminKeyOf(api);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/webhooks", null)).StatusCode);
        await ApiClient.AssertProblemAsync(await http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/webhooks", key,
            JsonContent.Create(new { url = "ftp://x", eventTypes = new[] { "work.registered" } })), HttpStatusCode.BadRequest, "url");
        await ApiClient.AssertProblemAsync(await http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/webhooks", key,
            JsonContent.Create(new { url = receiver.Url, eventTypes = new[] { "work.exploded" } })), HttpStatusCode.BadRequest, "eventTypes");
        await ApiClient.AssertProblemAsync(await http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/webhooks/nope", key), HttpStatusCode.BadRequest, "id");
        await ApiClient.AssertProblemAsync(await http.SendWithKeyAsync(HttpMethod.Get, $"/api/v1/webhooks/{Guid.NewGuid()}", key), HttpStatusCode.NotFound, "id");

        var (id, _) = await RegisterAsync(http, key, receiver.Url);
        var listed = await (await http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/webhooks", key)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(listed.EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        Assert.DoesNotContain("whsec_", listed.ToString());

        var client = new ApiClient(http);
        await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), "Resent"));
        var first = Assert.Single(await receiver.WaitForAcknowledgedAsync(1, TimeSpan.FromSeconds(30)));
        // Once the attempt is recorded: a re-send while an attempt is in flight is absorbed by that attempt's record.
        JsonElement recorded;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((recorded = Assert.Single((await DeliveriesAsync(http, key, id)).EnumerateArray())).GetProperty("state").GetString() != "delivered"
            && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal("delivered", recorded.GetProperty("state").GetString());
        var delivery = recorded.GetProperty("id").GetString();

        var resend = await http.SendWithKeyAsync(HttpMethod.Post, $"/api/v1/webhooks/{id}/deliveries/{delivery}/resend", key);
        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        IReadOnlyList<WebhookReceiver.Received> all;
        try
        {
            all = await receiver.WaitForAcknowledgedAsync(2, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + api.Output, e);
        }
        Assert.Equal(first.Id, all[1].Id); // the same webhook-id: the receiver can tell it has it
        await ApiClient.AssertProblemAsync(await http.SendWithKeyAsync(HttpMethod.Post, $"/api/v1/webhooks/{id}/deliveries/{Guid.NewGuid()}/resend", key),
            HttpStatusCode.NotFound, "deliveryId");

        Assert.Equal(HttpStatusCode.NoContent, (await http.SendWithKeyAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}", key)).StatusCode);
        await ApiClient.AssertProblemAsync(await http.SendWithKeyAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}/deliveries", key), HttpStatusCode.NotFound, "id");
    }

    [PostgresFact]
    public async Task Two_instances_on_one_database_deliver_each_event_once()
    {
        var data = fixture.NewDataDirectory();
        await using var receiver = new WebhookReceiver(failFirst: 1);
        receiver.Start();
        var settings = new Dictionary<string, string>(FastRetries) { ["Chain:DevelopmentRelayers"] = "4" };
        await using var a = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, settings);
        await using var b = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, settings);
        var key = AdminKeyOf(a);
        await RegisterAsync(a.CreateClient(), key, receiver.Url);

        var minted = 0;
        foreach (var api in new[] { a, b, a, b })
        {
            var client = new ApiClient(api.CreateClient());
            var response = await client.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), $"Two instances {minted}");
            if (response.StatusCode == HttpStatusCode.Created) minted++;
        }
        Assert.True(minted >= 2, "both instances should have minted");
        await receiver.WaitForAcknowledgedAsync(minted, TimeSpan.FromSeconds(60));
        await Task.Delay(1500); // a second sender would deliver again by now
        var acknowledged = receiver.All.Where(r => r.AnsweredWith == 200).ToList();
        Assert.Equal(minted, acknowledged.Count);
        Assert.Equal(minted, acknowledged.Select(r => r.Id).Distinct().Count());
    }

    /// <summary>The key a first start on chain 31337 makes and prints, once.</summary>
    private static string AdminKeyOf(ApiProcess api)
    {
        var match = Regex.Match(api.Output, @"Admin key \(every scope; shown once, only its hash is stored\): (\S+)");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("No first-start admin key in the output:\n" + api.Output);
    }

    /// <summary>
    /// An endpoint for the events of this API's own writes. Not work.transferred: that comes from the index, for every
    /// transfer on the chain, and the node is shared with the collection's other tests (WebhookEventTests covers it).
    /// </summary>
    private static async Task<(string Id, string Secret)> RegisterAsync(HttpClient http, string key, string url)
    {
        var response = await http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/webhooks", key,
            JsonContent.Create(new { url, eventTypes = new[] { "work.registered", "transaction.failed" } }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Matches("^whsec_[A-Za-z0-9+/]+=*$", secret);
        return (created.GetProperty("id").GetString()!, secret);
    }

    private static async Task<JsonElement> DeliveriesAsync(HttpClient http, string key, string webhookId)
    {
        var response = await http.SendWithKeyAsync(HttpMethod.Get, $"/api/v1/webhooks/{webhookId}/deliveries", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
