using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Metadata;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Metadata;

/// <summary>
/// POST /api/v1/works/{tokenId}/metadata: a creator-signed or custodial change of title and description is
/// announced on chain (ERC-4906), recorded on confirmation and shown; everyone else's and stale ones are refused, nothing sent.
/// </summary>
[Collection(ChainCollection.Name)]
public sealed class MetadataChangeTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private async Task<string> SignAsync(TestAccount signer, long tokenId, string title, string? description, long nonce, long deadline) =>
        MetadataChangeEncoding.Sign(new MetadataChangeMessage(tokenId, MetadataHash.Of(title.Trim(), description), nonce, deadline),
            await _api.DomainAsync(), signer.PrivateKey);

    private Task<HttpResponseMessage> PostSignedAsync(long tokenId, string title, string? description, long nonce, long deadline, string signature) =>
        _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/metadata", new { title, description, nonce, deadline, signature });

    private async Task<HttpResponseMessage> PostCustodialAsync(string apiKey, long tokenId, object body, string? prefer = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{tokenId}/metadata") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (prefer is not null) request.Headers.Add("Prefer", prefer);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await _api.Http.SendAsync(request);
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_self_signed_change_is_confirmed_recorded_and_shown_and_the_registered_codes_stay()
    {
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Evening"));
        var registered = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Empty(registered.GetProperty("metadataHistory").EnumerateArray());

        var deadline = ApiClient.InOneHour;
        var signature = await SignAsync(TestAccount.Alice, tokenId, "Evening, revised", "A new description.", 0, deadline);
        var change = await CreatedAsync(await PostSignedAsync(tokenId, " Evening, revised ", "A new description.", 0, deadline, signature));
        Assert.Equal(1, change.GetProperty("version").GetInt32());
        Assert.Equal("Evening, revised", change.GetProperty("title").GetString());
        Assert.Equal(MetadataHash.Of("Evening, revised", "A new description."), change.GetProperty("metadataHash").GetString());
        var txHash = change.GetProperty("transactionHash").GetString();

        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal("Evening, revised", work.GetProperty("title").GetString());
        Assert.Equal("A new description.", work.GetProperty("description").GetString());
        Assert.Equal("Evening", work.GetProperty("registeredTitle").GetString());
        var entry = Assert.Single(work.GetProperty("metadataHistory").EnumerateArray());
        Assert.Equal(1, entry.GetProperty("version").GetInt32());
        Assert.Equal(TestAccount.Alice.Address, entry.GetProperty("changedBy").GetString(), ignoreCase: true);
        Assert.Equal(txHash, entry.GetProperty("transactionHash").GetString());
        Assert.InRange(entry.GetProperty("changedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(10));
        // The content hash and the ISCC codes (iscc.meta included: the registered title's) do not change.
        Assert.Equal(registered.GetProperty("contentHash").GetString(), work.GetProperty("contentHash").GetString());
        Assert.Equal(registered.GetProperty("iscc").GetRawText(), work.GetProperty("iscc").GetRawText());

        var metadata = await _api.GetJsonAsync($"/api/v1/metadata/{tokenId}");
        Assert.Equal("Evening, revised", metadata.GetProperty("name").GetString());
        Assert.Equal("A new description.", metadata.GetProperty("description").GetString());
        Assert.Single(metadata.GetProperty("metadataHistory").EnumerateArray());

        // The second change carries nonce 1 and drops the description.
        var second = await SignAsync(TestAccount.Alice, tokenId, "Evening", null, 1, deadline);
        Assert.Equal(2, (await CreatedAsync(await PostSignedAsync(tokenId, "Evening", null, 1, deadline, second))).GetProperty("version").GetInt32());
        var twice = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal([1, 2], twice.GetProperty("metadataHistory").EnumerateArray().Select(c => c.GetProperty("version").GetInt32()));
        Assert.Equal(JsonValueKind.Null, twice.GetProperty("description").ValueKind);

        // Replaying the first (already announced) change: 409 naming the nonce, nothing sent.
        var before = await ChainState.CaptureAsync(fixture);
        await ApiClient.AssertProblemAsync(await PostSignedAsync(tokenId, "Evening, revised", "A new description.", 0, deadline, signature),
            HttpStatusCode.Conflict, "nonce");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task A_custodial_change_is_signed_by_the_service_and_tracked_as_its_own_kind()
    {
        var (creator, apiKey) = await _api.CreateAccountAsync("Renamer");
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, ApiClient.RandomFile(), "Draft"));

        var queued = await PostCustodialAsync(apiKey, tokenId, new { title = "Final", description = "Done." }, "respond-async");
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var transaction = await queued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("metadata-change", transaction.GetProperty("kind").GetString());
        var id = transaction.GetProperty("id").GetString();
        JsonElement tracked = default;
        for (var i = 0; i < 100; i++)
        {
            tracked = await _api.GetJsonAsync($"/api/v1/transactions/{id}");
            if (tracked.GetProperty("state").GetString() == "confirmed") break;
            await Task.Delay(100);
        }
        Assert.Equal("confirmed", tracked.GetProperty("state").GetString());
        Assert.Equal("metadata-change", tracked.GetProperty("kind").GetString());

        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal("Final", work.GetProperty("title").GetString());
        var entry = Assert.Single(work.GetProperty("metadataHistory").EnumerateArray());
        Assert.Equal(creator, entry.GetProperty("changedBy").GetString(), ignoreCase: true);
        Assert.Equal(tracked.GetProperty("transactionHash").GetString(), entry.GetProperty("transactionHash").GetString());
    }

    [Fact]
    public async Task Another_accounts_signature_or_key_is_403_and_sends_nothing()
    {
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile()));
        var (_, strangerKey) = await _api.CreateAccountAsync("Stranger");
        var deadline = ApiClient.InOneHour;
        var before = await ChainState.CaptureAsync(fixture);

        var bobSigned = await SignAsync(TestAccount.Bob, tokenId, "Mine now", null, 0, deadline);
        await ApiClient.AssertProblemAsync(await PostSignedAsync(tokenId, "Mine now", null, 0, deadline, bobSigned), HttpStatusCode.Forbidden, "signature");
        await ApiClient.AssertProblemAsync(await PostCustodialAsync(strangerKey, tokenId, new { title = "Mine now" }), HttpStatusCode.Forbidden, "authorization");

        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
        Assert.Empty((await _api.GetJsonAsync($"/api/v1/works/{tokenId}")).GetProperty("metadataHistory").EnumerateArray());
    }

    [Fact]
    public async Task A_stale_nonce_an_expired_deadline_and_bad_titles_are_refused_naming_the_field()
    {
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile()));
        var deadline = ApiClient.InOneHour;
        var before = await ChainState.CaptureAsync(fixture);

        var ahead = await SignAsync(TestAccount.Alice, tokenId, "Later", null, 3, deadline);
        await ApiClient.AssertProblemAsync(await PostSignedAsync(tokenId, "Later", null, 3, deadline, ahead), HttpStatusCode.Conflict, "nonce");
        var expired = await SignAsync(TestAccount.Alice, tokenId, "Late", null, 0, 1000);
        await ApiClient.AssertProblemAsync(await PostSignedAsync(tokenId, "Late", null, 0, 1000, expired), HttpStatusCode.BadRequest, "deadline");
        var signature = await SignAsync(TestAccount.Alice, tokenId, "x", null, 0, deadline);
        await ApiClient.AssertProblemAsync(await PostSignedAsync(tokenId, new string('x', 201), null, 0, deadline, signature), HttpStatusCode.BadRequest, "title");
        await ApiClient.AssertProblemAsync(await PostSignedAsync(tokenId, "   ", null, 0, deadline, signature), HttpStatusCode.BadRequest, "title");
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/metadata", new { title = "x", deadline, signature }),
            HttpStatusCode.BadRequest, "nonce");
        await ApiClient.AssertProblemAsync(await PostSignedAsync(99999999, "x", null, 0, deadline, signature), HttpStatusCode.NotFound, "tokenId");

        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task A_change_through_any_token_of_an_edition_applies_to_the_work()
    {
        var (_, apiKey) = await _api.CreateAccountAsync("Edition renamer");
        using var mint = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(ApiClient.RandomFile(), new Dictionary<string, string?> { ["title"] = "Tide", ["editionSize"] = "3" }),
        };
        mint.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var first = await _api.MintedTokenIdAsync(await _api.Http.SendAsync(mint));

        var key = Guid.NewGuid().ToString();
        var response = await PostCustodialAsync(apiKey, first + 2, new { title = "Tide, second state" }, idempotencyKey: key);
        var change = await CreatedAsync(response);
        Assert.Equal(first, change.GetProperty("firstTokenId").GetInt64());
        Assert.Equal(first + 2, change.GetProperty("tokenId").GetInt64());
        Assert.Equal($"/api/v1/works/{first}", response.Headers.Location?.OriginalString);

        // The same Idempotency-Key and request: the first answer again, nothing sent.
        var before = await ChainState.CaptureAsync(fixture);
        var retry = await PostCustodialAsync(apiKey, first + 2, new { title = "Tide, second state" }, idempotencyKey: key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(change.GetRawText(), (await CreatedAsync(retry)).GetRawText());
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));

        var no2 = await _api.GetJsonAsync($"/api/v1/works/{first + 1}");
        Assert.Equal("Tide, second state", no2.GetProperty("title").GetString());
        Assert.Single(no2.GetProperty("metadataHistory").EnumerateArray());
        Assert.Equal("Tide, second state No. 2 of 3", (await _api.GetJsonAsync($"/api/v1/metadata/{first + 1}")).GetProperty("name").GetString());
    }
}
