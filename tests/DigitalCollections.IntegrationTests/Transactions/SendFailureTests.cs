using System.Net;
using System.Text.Json;
using DigitalCollections.Api.Transactions;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Transactions;

[Collection(PipelineCollection.Name)]
public sealed class SendFailureTests(PipelineFixture fixture)
{
    /// <param name="maxBatchSize">1: a send per write; 32: the 40 writes go in a few batch transactions, so the faults come earlier.</param>
    [Theory]
    [InlineData("1", 5, 9)]
    [InlineData("32", 2, 3)]
    public async Task A_refused_send_and_a_lost_answer_mid_run_are_recovered_and_every_request_confirms(string maxBatchSize, int refused, int lost)
    {
        await using var proxy = await RpcProxy.StartAsync(fixture.Node.RpcUrl);
        // One send is refused (never reaches the node); a later one reaches the node but its answer is lost.
        proxy.Faults = n => n == refused ? SendFault.Refuse : n == lost ? SendFault.LoseAnswer : SendFault.None;
        var data = fixture.NewDataDirectory();
        await using var api = new ApiFactory(proxy.Url, fixture.Node.DeploymentFile, data,
            new Dictionary<string, string> { ["Chain:DevelopmentRelayers"] = "2", ["Chain:MaxBatchSize"] = maxBatchSize });
        var client = new ApiClient(api.CreateClient());
        var domain = await client.DomainAsync();
        var totalBefore = await fixture.TotalWorksAsync();

        var files = Enumerable.Range(0, 40).Select(_ => ApiClient.RandomFile()).ToList();
        var deadline = ApiClient.InOneHour;
        var responses = await Task.WhenAll(files.Select((file, i) => Task.Run(async () =>
        {
            var signature = await client.SignMintAsync(TestAccount.Bob, file, deadline: deadline, domain: domain);
            using var response = await client.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
            {
                ["title"] = $"Under fire {i}", ["creator"] = TestAccount.Bob.Address,
                ["deadline"] = deadline.ToString(), ["signature"] = signature,
            }));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.Created, r.Body));
        Assert.Equal(totalBefore + files.Count, await fixture.TotalWorksAsync());
        var tokens = responses.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("tokenId").GetInt64()).ToList();
        Assert.Equal(files.Count, tokens.Distinct().Count());

        var outbox = await PipelineFixture.OutboxAsync(data);
        Assert.Equal(files.Count, outbox.Count);
        Assert.All(outbox, t => Assert.Equal(TransactionStates.Confirmed, t.State));
        Assert.Contains(outbox, t => t.SendAttempts >= 1); // the refused one was resynced and re-signed
        var transactions = outbox.Select(t => t.TransactionHash).Distinct().Count();
        Assert.True(proxy.Sends >= transactions + 1, $"the refused send must have been re-sent ({proxy.Sends} sends, {transactions} transactions)");
        Assert.True(proxy.Sends >= lost, "the lost answer's send happened");
        await fixture.AssertNoNonceGapsAsync(outbox);
        await using var db = PipelineFixture.OpenDatabase(data);
        Assert.Equal(files.Count, await db.Works.CountAsync());
    }
}
