using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalCollections.IntegrationTests.Transactions;

[Collection(ChainCollection.Name)]
public sealed class AsyncWriteTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    internal static async Task<JsonElement> PollUntilFinalAsync(HttpClient http, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var body = await http.GetFromJsonAsync<JsonElement>(location);
            var state = body.GetProperty("state").GetString();
            if (state is "confirmed" or "failed") return body;
            Assert.True(DateTime.UtcNow < deadline, $"{location} still {state}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Prefer_respond_async_answers_202_with_the_transaction_which_then_confirms()
    {
        var (address, apiKey) = await _api.CreateAccountAsync();
        var file = ApiClient.RandomFile();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?> { ["title"] = "Asynchronous" }),
        };
        request.Headers.Authorization = new("Bearer", apiKey);
        request.Headers.Add("Prefer", "respond-async, wait=0");

        var response = await _api.Http.SendAsync(request);

        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("respond-async", response.Headers.GetValues("Preference-Applied").Single());
        var location = response.Headers.Location!.ToString();
        Assert.Equal($"/api/v1/transactions/{accepted.GetProperty("id").GetGuid()}", location);
        Assert.Equal("mint", accepted.GetProperty("kind").GetString());
        Assert.Contains(accepted.GetProperty("state").GetString(), new[] { "queued", "sent", "confirmed" });
        // Recorded before it was sent: lane and nonce are already fixed.
        Assert.StartsWith("0x", accepted.GetProperty("relayer").GetString());
        Assert.True(accepted.GetProperty("nonce").GetInt64() >= 0);

        var done = await PollUntilFinalAsync(_api.Http, location);
        Assert.Equal("confirmed", done.GetProperty("state").GetString());
        var tokenId = done.GetProperty("tokenId").GetInt64();
        Assert.Equal($"/api/v1/works/{tokenId}", done.GetProperty("resultLocation").GetString());
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal("Asynchronous", work.GetProperty("title").GetString());
        Assert.Equal(address, work.GetProperty("creator").GetString());
        Assert.Equal(done.GetProperty("transactionHash").GetString(), work.GetProperty("transactionHash").GetString());

        // Transfers answer the same way.
        using var transfer = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{tokenId}/transfers")
        {
            Content = JsonContent.Create(new { to = TestAccount.Carol.Address }),
        };
        transfer.Headers.Authorization = new("Bearer", apiKey);
        transfer.Headers.Add("Prefer", "respond-async");
        var transferResponse = await _api.Http.SendAsync(transfer);
        Assert.Equal(HttpStatusCode.Accepted, transferResponse.StatusCode);
        var transferDone = await PollUntilFinalAsync(_api.Http, transferResponse.Headers.Location!.ToString());
        Assert.Equal("confirmed", transferDone.GetProperty("state").GetString());
        Assert.Equal("transfer", transferDone.GetProperty("kind").GetString());
        Assert.Equal($"/api/v1/works/{tokenId}/provenance", transferDone.GetProperty("resultLocation").GetString());
        var provenance = await _api.GetJsonAsync($"/api/v1/works/{tokenId}/provenance");
        Assert.Equal(TestAccount.Carol.Address, provenance.GetProperty("currentOwner").GetString());
    }

    [Fact]
    public async Task A_synchronous_mint_is_201_and_its_transaction_is_confirmed()
    {
        var response = await _api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Synchronous");
        var tokenId = await _api.MintedTokenIdAsync(response);
        var hash = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transactionHash").GetString();

        using var scope = fixture.Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DigitalCollections.Api.Data.AppDbContext>();
        var row = db.ChainTransactions.Single(t => t.TransactionHash == hash);
        Assert.Equal("confirmed", row.State);
        Assert.Equal(tokenId, row.TokenId);
        Assert.NotNull(row.SignedTransaction);
        var view = await _api.GetJsonAsync($"/api/v1/transactions/{row.Id}");
        Assert.Equal("confirmed", view.GetProperty("state").GetString());
        Assert.Equal(hash, view.GetProperty("transactionHash").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("failure").ValueKind);
    }

    [Fact]
    public async Task A_transaction_id_that_is_not_a_uuid_is_400_naming_id_and_an_unknown_one_is_404()
    {
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync("/api/v1/transactions/12"), HttpStatusCode.BadRequest, "id");
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/transactions/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "id");
    }
}
