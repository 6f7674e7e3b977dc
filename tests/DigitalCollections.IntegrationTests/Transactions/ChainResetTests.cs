using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Storage;
using DigitalCollections.Api.Transactions;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Transactions;

/// <summary>
/// The node is killed and a fresh one started on the same port: same URL, same chain id, a new genesis and no
/// contract. Nothing of ours may reach the new chain, every write ends, and the API answers 503, never 500.
/// Each test has nodes of its own (it kills them); the collection keeps it apart from the other heavy tests.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ChainResetTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Mints = 200;

    private static HttpRequestMessage MintRequest(byte[] file, string signature, long deadline, bool respondAsync = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?>
            {
                ["title"] = "Minted as the node dies", ["creator"] = TestAccount.Carol.Address,
                ["deadline"] = deadline.ToString(), ["signature"] = signature,
            }),
        };
        if (respondAsync) request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    [Fact]
    public async Task A_node_restarted_on_a_new_chain_during_concurrent_mints_gets_none_of_them_and_every_write_ends()
    {
        await using var node = await HardhatNode.StartAsync();
        var data = Directory.CreateDirectory(Path.Combine(node.WorkDirectory, "api")).FullName;
        var api = await ApiProcess.StartAsync(node.RpcUrl, node.DeploymentFile, data);
        HardhatNode? fresh = null;
        try
        {
            var client = new ApiClient(api.CreateClient());
            var chainInfo = await client.GetJsonAsync("/api/v1/chain");
            var relayers = chainInfo.GetProperty("relayers").EnumerateArray().Select(r => r.GetString()!).ToList();
            var domain = await client.DomainAsync();
            var deadline = ApiClient.InOneHour;
            var requests = Enumerable.Range(0, Mints).Select(i => ApiClient.RandomFile(700 + i)).ToList()
                .Select(file => (File: file, Signature: client.SignMintAsync(TestAccount.Carol, file, deadline: deadline, domain: domain).Result))
                .ToList();

            var answers = requests.Select(r => Task.Run(async () =>
            {
                using var response = await client.Http.SendAsync(MintRequest(r.File, r.Signature, deadline));
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            })).ToList();

            // Kill the node mid-burst, once some mints are through, and start a bare one on the same port.
            var chain = new DirectChain(node.RpcUrl, node.DeploymentFile);
            var until = DateTime.UtcNow.AddSeconds(120);
            while (await chain.TotalWorksAsync() < 20)
            {
                Assert.True(DateTime.UtcNow < until, "the burst never got going");
                await Task.Delay(20);
            }
            fresh = await node.KillAndStartFreshAsync();
            var done = await Task.WhenAll(answers);

            // Every answer is a result, an accepted write or a 503: never a 500.
            foreach (var (status, body) in done)
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{(int)status} {body}");
            output.WriteLine(string.Join(", ", done.GroupBy(d => d.StatusCode == HttpStatusCode.ServiceUnavailable
                ? "503 " + JsonDocument.Parse(d.Body).RootElement.GetProperty("type").GetString()![31..] : ((int)d.StatusCode).ToString())
                .Select(g => $"{g.Key}: {g.Count()}")));

            // Every write reaches an end: confirmed on the old chain, or failed with chain-reset.
            var outbox = await EndedOutboxAsync(data, TimeSpan.FromSeconds(90));
            Assert.All(outbox, t => Assert.True(t.State == TransactionStates.Confirmed || t.FailureCode == "chain-reset",
                $"{t.Id}: {t.State} {t.FailureCode} {t.FailureReason}"));
            var abandoned = outbox.Where(t => t.State == TransactionStates.Failed).ToList();
            Assert.NotEmpty(abandoned); // the reset came while writes were in flight
            Assert.All(abandoned, t => Assert.Contains("reset", t.FailureReason));
            output.WriteLine($"{outbox.Count} recorded: {outbox.Count - abandoned.Count} confirmed, {abandoned.Count} failed with chain-reset");

            // Their content is released; the confirmed ones keep theirs.
            await using (var db = PipelineFixture.OpenDatabase(data))
            {
                var store = new ContentStore(data);
                foreach (var t in abandoned) Assert.False(await store.ContainsAsync(t.ContentHash!, db, CancellationToken.None), t.ContentHash);
                Assert.Equal(outbox.Count(t => t.State == TransactionStates.Confirmed), await db.Works.CountAsync());
            }

            // No transaction of our relayers reached the new chain.
            await AssertNothingSentAsync(fresh, relayers);

            // The API serves reads and answers 503 where the chain is needed.
            await AssertServesResetAsync(client, abandoned[0].Id, domain, deadline);

            // A restart is clean: it starts, reconciles nothing onto the new chain, and answers the same.
            await api.DisposeAsync();
            api = await ApiProcess.StartAsync(fresh.RpcUrl, node.DeploymentFile, data);
            client = new ApiClient(api.CreateClient());
            await AssertServesResetAsync(client, abandoned[0].Id, domain, deadline);
            Assert.DoesNotContain("Outbox reconciliation waits", api.Output);
            Assert.Equal(outbox.Select(t => (t.Id, t.State)).Order(), (await PipelineFixture.OutboxAsync(data)).Select(t => (t.Id, t.State)).Order());
            await AssertNothingSentAsync(fresh, relayers);
        }
        finally
        {
            await api.DisposeAsync();
            if (fresh is not null) await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_chain_reset_while_the_api_was_down_fails_the_writes_it_left_sent_and_a_restart_sends_nothing()
    {
        await using var node = await HardhatNode.StartAsync();
        var data = Directory.CreateDirectory(Path.Combine(node.WorkDirectory, "api")).FullName;
        var settings = new Dictionary<string, string> { ["Chain:DevelopmentRelayers"] = "2" };
        HardhatNode? fresh = null;
        List<string> relayers;
        DigitalCollections.Api.Chain.SigningDomain domain;
        var ids = new List<Guid>();
        await using (var first = await ApiProcess.StartAsync(node.RpcUrl, node.DeploymentFile, data, settings))
        {
            var client = new ApiClient(first.CreateClient());
            relayers = (await client.GetJsonAsync("/api/v1/chain")).GetProperty("relayers").EnumerateArray().Select(r => r.GetString()!).ToList();
            domain = await client.DomainAsync();
            await node.RpcAsync("evm_setAutomine", false); // sent, never mined
            for (var i = 0; i < 4; i++)
            {
                var file = ApiClient.RandomFile();
                var deadline = ApiClient.InOneHour;
                using var response = await client.Http.SendAsync(MintRequest(file,
                    await client.SignMintAsync(TestAccount.Carol, file, deadline: deadline, domain: domain), deadline, respondAsync: true));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }
            foreach (var id in ids) await PollUntilAsync(client.Http, $"/api/v1/transactions/{id}", t => t.GetProperty("state").GetString() == "sent");
            await first.KillAsync();
        }
        try
        {
            fresh = await node.KillAndStartFreshAsync();
            await using var second = await ApiProcess.StartAsync(fresh.RpcUrl, node.DeploymentFile, data, settings);
            var outbox = await EndedOutboxAsync(data, TimeSpan.FromSeconds(60));
            Assert.Equal(ids.Order(), outbox.Select(t => t.Id).Order());
            Assert.All(outbox, t => Assert.Equal("chain-reset", t.FailureCode));
            await AssertNothingSentAsync(fresh, relayers);

            var client = new ApiClient(second.CreateClient());
            var view = await client.GetJsonAsync($"/api/v1/transactions/{ids[0]}");
            Assert.Equal("failed", view.GetProperty("state").GetString());
            Assert.Equal("chain-reset", view.GetProperty("failure").GetProperty("code").GetString());
            await AssertServesResetAsync(client, ids[0], domain, ApiClient.InOneHour);
            Assert.DoesNotContain("Outbox reconciliation waits", second.Output);
            Assert.Contains("4 writes not confirmed before it failed with chain-reset", second.Output);
        }
        finally
        {
            if (fresh is not null) await fresh.DisposeAsync();
        }
    }

    /// <summary>Polls a JSON resource until <paramref name="condition"/> holds (generous: the machine may be loaded).</summary>
    internal static async Task<JsonElement> PollUntilAsync(HttpClient http, string path, Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var body = await http.GetFromJsonAsync<JsonElement>(path);
            if (condition(body)) return body;
            Assert.True(DateTime.UtcNow < deadline, $"{path} never matched: {body}");
            await Task.Delay(100);
        }
    }

    /// <summary>The outbox once no row is queued or sent any more.</summary>
    private static async Task<List<ChainTransaction>> EndedOutboxAsync(string data, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var outbox = await PipelineFixture.OutboxAsync(data);
            var open = outbox.Where(t => !t.IsFinal).ToList();
            if (open.Count == 0) return outbox;
            Assert.True(DateTime.UtcNow < deadline, $"{open.Count} writes never ended, e.g. {open[0].Id} {open[0].State}");
            await Task.Delay(200);
        }
    }

    private static async Task AssertNothingSentAsync(HardhatNode chain, IEnumerable<string> relayers)
    {
        foreach (var relayer in relayers)
        {
            Assert.Equal(0, await chain.TransactionCountAsync(relayer));
            Assert.Equal("0x0", (await chain.RpcAsync("eth_getTransactionCount", relayer, "pending")).GetString());
        }
        Assert.Equal(0, await chain.BlockNumberAsync()); // nothing at all was mined on it
    }

    private static async Task AssertServesResetAsync(ApiClient client, Guid failedId, DigitalCollections.Api.Chain.SigningDomain domain, long deadline)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage ready;
        while ((ready = await client.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < until, "readiness never noticed the reset");
            await Task.Delay(100);
        }
        Assert.Contains("reset", await ready.Content.ReadAsStringAsync());

        // Reads from the outbox still answer; reads and writes that need the chain answer 503 chain-reset.
        var view = await client.GetJsonAsync($"/api/v1/transactions/{failedId}");
        Assert.Equal("chain-reset", view.GetProperty("failure").GetProperty("code").GetString());
        foreach (var path in new[] { "/api/v1/works/5", "/api/v1/works/5/provenance", "/api/v1/metadata/5" })
        {
            var problem = await ApiClient.AssertProblemAsync(await client.Http.GetAsync(path), HttpStatusCode.ServiceUnavailable, null);
            Assert.EndsWith(":chain-reset", problem.GetProperty("type").GetString());
        }
        var file = ApiClient.RandomFile();
        using var mint = await client.Http.SendAsync(MintRequest(file, await client.SignMintAsync(TestAccount.Carol, file, deadline: deadline, domain: domain), deadline));
        var refused = await ApiClient.AssertProblemAsync(mint, HttpStatusCode.ServiceUnavailable, null);
        Assert.EndsWith(":chain-reset", refused.GetProperty("type").GetString());
    }
}
