using System.Net;
using System.Text.Json;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.Transactions;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Transactions;

[Collection(PipelineCollection.Name)]
public sealed class ConcurrentMintTests(PipelineFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Mints = 500;
    private const int Retried = Mints / 20; // 5%

    /// <param name="maxBatchSize">1: every mint its own mintWork, as without batching; 32: what queues goes as mintWorks batches.</param>
    [Theory]
    [InlineData("1")]
    [InlineData("32")]
    public async Task Five_hundred_concurrent_mints_with_retries_in_flight_mint_each_work_exactly_once_without_nonce_gaps(string maxBatchSize)
    {
        var data = fixture.NewDataDirectory();
        await using var api = new ApiFactory(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data,
            new Dictionary<string, string> { ["Chain:MaxBatchSize"] = maxBatchSize });
        var client = new ApiClient(api.CreateClient());
        var domain = await client.DomainAsync();
        var totalBefore = await fixture.TotalWorksAsync();
        var creators = new[] { TestAccount.Alice, TestAccount.Bob, TestAccount.Carol };

        // Everything signed up front, so the burst is only HTTP and chain work.
        var deadline = ApiClient.InOneHour;
        var requests = Enumerable.Range(0, Mints).Select(i =>
        {
            var file = ApiClient.RandomFile(512 + i);
            var creator = creators[i % creators.Length];
            return (File: file, Creator: creator, Key: $"mint-{i}-{Guid.NewGuid()}",
                Signature: client.SignMintAsync(creator, file, deadline: deadline, domain: domain).Result);
        }).ToList();

        HttpRequestMessage Request(int i)
        {
            var r = requests[i];
            var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
            {
                Content = ApiClient.WorkForm(r.File, new Dictionary<string, string?>
                {
                    ["title"] = $"Work {i}", ["creator"] = r.Creator.Address,
                    ["deadline"] = deadline.ToString(), ["signature"] = r.Signature,
                }),
            };
            message.Headers.Add(IdempotencyMiddleware.Header, r.Key);
            return message;
        }

        async Task<(int Index, HttpStatusCode Status, string Body, bool Replayed)> Send(int i)
        {
            using var response = await client.Http.SendAsync(Request(i));
            return (i, response.StatusCode, await response.Content.ReadAsStringAsync(),
                response.Headers.Contains("Idempotent-Replayed"));
        }

        var firsts = Enumerable.Range(0, Mints).Select(i => Task.Run(() => Send(i))).ToList();
        // Every 20th request is sent again with the same key while the first is (very likely) still running.
        var retries = Enumerable.Range(0, Retried).Select(k => k * 20).Select(i => Task.Run(async () =>
        {
            await Task.Yield();
            return await Send(i);
        })).ToList();
        var answers = await Task.WhenAll(firsts);
        var retryAnswers = await Task.WhenAll(retries);

        // Every original request: 201 with its token, or 409 key-in-flight when its own retry got there first.
        var tokenByIndex = new Dictionary<int, long>();
        foreach (var answer in answers.Concat(retryAnswers))
        {
            if (answer.Status == HttpStatusCode.Created)
            {
                var tokenId = JsonDocument.Parse(answer.Body).RootElement.GetProperty("tokenId").GetInt64();
                if (tokenByIndex.TryGetValue(answer.Index, out var earlier)) Assert.Equal(earlier, tokenId); // a replay, same token
                tokenByIndex[answer.Index] = tokenId;
            }
            else
            {
                Assert.True(answer.Status == HttpStatusCode.Conflict, $"request {answer.Index}: {(int)answer.Status} {answer.Body}");
                Assert.Contains("idempotency-key-in-flight", answer.Body);
            }
        }
        output.WriteLine($"retries: {retryAnswers.Count(a => a.Status == HttpStatusCode.Conflict) + answers.Count(a => a.Status == HttpStatusCode.Conflict)} answered 409 in flight, " +
            $"{retryAnswers.Count(a => a.Replayed)} replayed");
        Assert.Equal(Mints, tokenByIndex.Count);
        Assert.Equal(Mints, tokenByIndex.Values.Distinct().Count());
        foreach (var retried in Enumerable.Range(0, Retried).Select(k => k * 20))
        {
            // Of each retried pair exactly one ran: the other was answered from the key (409 in flight, or a replay).
            var pair = answers.Where(a => a.Index == retried).Concat(retryAnswers.Where(a => a.Index == retried)).ToList();
            Assert.Equal(1, pair.Count(a => a.Status == HttpStatusCode.Created && !a.Replayed));
        }

        Assert.Equal(totalBefore + Mints, await fixture.TotalWorksAsync());
        await using var db = PipelineFixture.OpenDatabase(data);
        var works = await db.Works.AsNoTracking().ToListAsync();
        Assert.Equal(Mints, works.Count);
        Assert.Equal(Mints, works.Select(w => w.ContentHash).Distinct().Count());
        Assert.Equal(tokenByIndex.Values.Order(), works.Select(w => w.TokenId).Order());

        var outbox = await db.ChainTransactions.AsNoTracking().ToListAsync();
        Assert.Equal(Mints, outbox.Count);
        Assert.All(outbox, t => Assert.Equal(TransactionStates.Confirmed, t.State));
        Assert.True(outbox.Select(t => t.Relayer).Distinct().Count() > 1, "the lanes should share the load");
        var batched = outbox.Count(t => t.BatchSize is not null);
        output.WriteLine($"{outbox.Select(t => t.TransactionHash).Distinct().Count()} transactions, {batched} of {Mints} mints in batches");
        if (maxBatchSize == "1") Assert.Equal(0, batched);
        else
        {
            Assert.True(batched > 0, "a burst of 500 queues behind each lane's transaction in flight: batches form");
            Assert.All(outbox.Where(t => t.BatchSize is not null), t => Assert.InRange(t.BatchSize!.Value, 2, 32));
        }
        await fixture.AssertNoNonceGapsAsync(outbox);
    }
}
