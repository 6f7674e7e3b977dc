using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Transactions;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Transactions;

[Collection(PipelineCollection.Name)]
public sealed class CrashRecoveryTests(PipelineFixture fixture)
{
    private static async Task<HttpResponseMessage> MintAsync(HttpClient http, SigningDomainSource source, byte[] file, string title, bool respondAsync)
    {
        var deadline = ApiClient.InOneHour;
        var signature = await source.Client.SignMintAsync(TestAccount.Carol, file, deadline: deadline, domain: source.Domain);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?>
            {
                ["title"] = title, ["creator"] = TestAccount.Carol.Address,
                ["deadline"] = deadline.ToString(), ["signature"] = signature,
            }),
        };
        if (respondAsync) request.Headers.Add("Prefer", "respond-async");
        return await http.SendAsync(request);
    }

    private sealed record SigningDomainSource(ApiClient Client, DigitalCollections.Api.Chain.SigningDomain Domain);

    /// <param name="maxBatchSize">1: every write its own single call; 32: the batching lane (a lone write still goes alone).</param>
    [Theory]
    [InlineData("1")]
    [InlineData("32")]
    public async Task Killed_after_sending_and_after_recording_a_restart_reconciles_each_write_exactly_once(string maxBatchSize)
    {
        var data = fixture.NewDataDirectory();
        var totalBefore = await fixture.TotalWorksAsync();
        await using var proxy = await RpcProxy.StartAsync(fixture.Node.RpcUrl);
        var settings = new Dictionary<string, string>
        {
            ["Chain:DevelopmentRelayers"] = "1", ["Chain:ConfirmationWaitSeconds"] = "0.5", ["Chain:MaxBatchSize"] = maxBatchSize,
        };

        await using var first = await ApiProcess.StartAsync(proxy.Url, fixture.Node.DeploymentFile, data, settings);
        var http = first.CreateClient();
        var source = new SigningDomainSource(new ApiClient(http), await new ApiClient(http).DomainAsync());
        Guid sentId, recordedId;
        byte[] sentFile = ApiClient.RandomFile(), recordedFile = ApiClient.RandomFile();
        await fixture.SetAutomineAsync(false);
        try
        {
            // 1. Sent, never mined while the process lived: the wait runs out and the answer is 202.
            var sent = await MintAsync(http, source, sentFile, "Sent before the crash", respondAsync: false);
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            sentId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            Assert.Equal("sent", (await new ApiClient(http).GetJsonAsync($"/api/v1/transactions/{sentId}")).GetProperty("state").GetString());

            // 2. Recorded, and the process dies while the send hangs: the node never sees it.
            proxy.Faults = _ => SendFault.Hang;
            var recorded = await MintAsync(http, source, recordedFile, "Recorded before the crash", respondAsync: true);
            Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
            recordedId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            await first.KillAsync();
            var left = await PipelineFixture.OutboxAsync(data);
            Assert.Equal(TransactionStates.Sent, left.Single(t => t.Id == sentId).State);
            Assert.Equal(TransactionStates.Queued, left.Single(t => t.Id == recordedId).State);
            await using (var db = PipelineFixture.OpenDatabase(data)) Assert.Equal(0, await db.Works.CountAsync());

            await fixture.MineAsync(); // the sent one is mined while no API runs
        }
        finally
        {
            await fixture.SetAutomineAsync(true);
        }

        await using var second = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, settings);
        var client = new ApiClient(second.CreateClient());
        var sentDone = await AsyncWriteTests.PollUntilFinalAsync(client.Http, $"/api/v1/transactions/{sentId}");
        var recordedDone = await AsyncWriteTests.PollUntilFinalAsync(client.Http, $"/api/v1/transactions/{recordedId}");
        Assert.Equal("confirmed", sentDone.GetProperty("state").GetString());
        Assert.Equal("confirmed", recordedDone.GetProperty("state").GetString());
        // Each case took its own path: the mined one from its receipt, the unsent one re-signed and sent.
        Assert.Contains("Reconciled the outbox: 1 mined, 0 still pending on the node, 1 never reached the chain and re-queued", second.Output);

        // Exactly two tokens, each with its work row, title and bytes.
        Assert.Equal(totalBefore + 2, await fixture.TotalWorksAsync());
        foreach (var (done, file, title) in new[] { (sentDone, sentFile, "Sent before the crash"), (recordedDone, recordedFile, "Recorded before the crash") })
        {
            var tokenId = done.GetProperty("tokenId").GetInt64();
            var work = await client.GetJsonAsync($"/api/v1/works/{tokenId}");
            Assert.Equal(title, work.GetProperty("title").GetString());
            Assert.Equal(ApiClient.HashOf(file), work.GetProperty("contentHash").GetString());
            Assert.Equal(file, await client.Http.GetByteArrayAsync($"/api/v1/works/{tokenId}/content"));
        }
        var outbox = await PipelineFixture.OutboxAsync(data);
        Assert.All(outbox, t => Assert.Equal(TransactionStates.Confirmed, t.State));
        await fixture.AssertNoNonceGapsAsync(outbox);

        // The same bytes again after the restart: a 409 with the token, never a second transaction.
        var again = await MintAsync(client.Http, new SigningDomainSource(client, source.Domain), sentFile, "Again", respondAsync: false);
        var problem = await ApiClient.AssertProblemAsync(again, HttpStatusCode.Conflict, "file");
        Assert.Equal(sentDone.GetProperty("tokenId").GetInt64(), problem.GetProperty("tokenId").GetInt64());
    }
}
