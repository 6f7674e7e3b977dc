using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Works;

/// <summary>A creator with their own key: mint → verify by file and hash → owner-signed transfer → provenance.</summary>
[Collection(ChainCollection.Name)]
public sealed class SelfSignedWorkFlowTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Fact]
    public async Task Mint_verify_transfer_and_provenance_tell_one_consistent_story()
    {
        var file = ApiClient.RandomFile();
        var alice = TestAccount.Alice;
        var bob = TestAccount.Bob;

        // Mint
        var minted = await _api.MintSelfSignedAsync(alice, file, "Sunrise", royaltyBps: 250);
        var tokenId = await _api.MintedTokenIdAsync(minted);
        Assert.Equal($"/api/v1/works/{tokenId}", minted.Headers.Location?.OriginalString);
        var mint = await minted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ApiClient.HashOf(file), mint.GetProperty("contentHash").GetString());
        Assert.Equal(alice.Address, mint.GetProperty("creator").GetString(), ignoreCase: true);
        Assert.Equal(alice.Address, mint.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal(250, mint.GetProperty("royaltyBps").GetInt32());
        Assert.EndsWith($"/api/v1/metadata/{tokenId}", mint.GetProperty("tokenUri").GetString());
        Assert.Matches("^0x[0-9a-f]{64}$", mint.GetProperty("transactionHash").GetString()!);
        var mintTx = mint.GetProperty("transactionHash").GetString();

        // The work: chain facts and stored details
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal("Sunrise", work.GetProperty("title").GetString());
        Assert.Equal("image/png", work.GetProperty("contentType").GetString());
        Assert.Equal(file.Length, work.GetProperty("size").GetInt64());
        Assert.Equal(250, work.GetProperty("royaltyBps").GetInt32());
        Assert.Equal(0, work.GetProperty("transferNonce").GetInt64());
        // The chain facts agree with the mint's answer, which came from the WorkRegistered event and its block.
        foreach (var fact in new[] { "contentHash", "creator", "owner", "registeredAt", "tokenUri" })
            Assert.Equal(mint.GetProperty(fact).GetString(), work.GetProperty(fact).GetString());

        // The bytes back, with the content hash as ETag, and a conditional GET
        var content = await _api.Http.GetAsync($"/api/v1/works/{tokenId}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(file, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{ApiClient.HashOf(file)}\"", content.Headers.ETag?.Tag);
        Assert.Equal("image/png", content.Content.Headers.ContentType?.MediaType);
        Assert.Null(content.Content.Headers.ContentDisposition); // media previews inline
        Assert.Equal("nosniff", content.Headers.GetValues("X-Content-Type-Options").Single());
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/works/{tokenId}/content");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{ApiClient.HashOf(file)}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await _api.Http.SendAsync(conditional)).StatusCode);

        // Metadata (tokenURI target)
        var metadata = await _api.GetJsonAsync($"/api/v1/metadata/{tokenId}");
        Assert.Equal("Sunrise", metadata.GetProperty("name").GetString());
        Assert.EndsWith($"/api/v1/works/{tokenId}/content", metadata.GetProperty("image").GetString());
        Assert.Equal(ApiClient.HashOf(file), metadata.GetProperty("properties").GetProperty("contentHash").GetString());

        // Verify by file and by hash
        var byFile = await _api.Http.PostAsync("/api/v1/verifications", ApiClient.WorkForm(file, new Dictionary<string, string?>()));
        Assert.Equal(HttpStatusCode.OK, byFile.StatusCode);
        var verified = await byFile.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verified.GetProperty("registered").GetBoolean());
        Assert.Equal(tokenId, verified.GetProperty("tokenId").GetInt64());
        Assert.Equal(alice.Address, verified.GetProperty("creator").GetString(), ignoreCase: true);
        Assert.Equal(mintTx, verified.GetProperty("transactionHash").GetString());
        var byHash = await _api.GetJsonAsync($"/api/v1/verifications/{ApiClient.HashOf(file)}");
        // The same answer, but for the similar works, which only a file (or its codes) can find.
        Assert.Equal(WithoutSimilar(verified), WithoutSimilar(byHash));
        Assert.Empty(verified.GetProperty("similar").EnumerateArray()); // the exact match itself is not listed

        // One byte changed: not registered
        var altered = (byte[])file.Clone();
        altered[^1] ^= 0x01;
        var alteredCheck = await _api.Http.PostAsync("/api/v1/verifications", ApiClient.WorkForm(altered, new Dictionary<string, string?>()));
        var notRegistered = await alteredCheck.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, alteredCheck.StatusCode);
        Assert.False(notRegistered.GetProperty("registered").GetBoolean());
        Assert.Equal(ApiClient.HashOf(altered), notRegistered.GetProperty("contentHash").GetString());
        Assert.Equal(JsonValueKind.Null, notRegistered.GetProperty("tokenId").ValueKind);
        Assert.Equal(JsonValueKind.Null, notRegistered.GetProperty("creator").ValueKind);
        // … but its Data-Code is all but the original's, so the original is named as a similar work.
        var similar = notRegistered.GetProperty("similar")[0];
        Assert.Equal(tokenId, similar.GetProperty("tokenId").GetInt64());
        Assert.Equal("data", similar.GetProperty("codeKind").GetString());

        // Owner-signed transfer to Bob, relayed by the service
        var deadline = ApiClient.InOneHour;
        var signature = await _api.SignTransferAsync(alice, tokenId, bob.Address, nonce: 0, deadline);
        var transfer = await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
            new { from = alice.Address, to = bob.Address, deadline, signature });
        Assert.True(transfer.StatusCode == HttpStatusCode.Created, await transfer.Content.ReadAsStringAsync());
        var transferred = await transfer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(bob.Address, transferred.GetProperty("to").GetString(), ignoreCase: true);

        // The same authorisation again is stale: the nonce moved on
        var replay = await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
            new { from = alice.Address, to = bob.Address, deadline, signature });
        Assert.True((int)replay.StatusCode is 403 or 409, await replay.Content.ReadAsStringAsync());

        // Provenance: mint then transfer, oldest first, matching the transactions
        var provenance = await _api.GetJsonAsync($"/api/v1/works/{tokenId}/provenance");
        Assert.Equal(bob.Address, provenance.GetProperty("currentOwner").GetString(), ignoreCase: true);
        Assert.Equal(alice.Address, provenance.GetProperty("creator").GetString(), ignoreCase: true);
        var events = provenance.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("mint", events[0].GetProperty("kind").GetString());
        Assert.Equal("0x0000000000000000000000000000000000000000", events[0].GetProperty("from").GetString());
        Assert.Equal(alice.Address, events[0].GetProperty("to").GetString(), ignoreCase: true);
        Assert.Equal(mintTx, events[0].GetProperty("transactionHash").GetString());
        Assert.Equal("transfer", events[1].GetProperty("kind").GetString());
        Assert.Equal(alice.Address, events[1].GetProperty("from").GetString(), ignoreCase: true);
        Assert.Equal(bob.Address, events[1].GetProperty("to").GetString(), ignoreCase: true);
        Assert.Equal(transferred.GetProperty("transactionHash").GetString(), events[1].GetProperty("transactionHash").GetString());
        Assert.True(events[0].GetProperty("blockNumber").GetInt64() < events[1].GetProperty("blockNumber").GetInt64());

        var after = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(bob.Address, after.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal(1, after.GetProperty("transferNonce").GetInt64());
        var verifiedAfter = await _api.GetJsonAsync($"/api/v1/verifications/{ApiClient.HashOf(file)}");
        Assert.Equal(bob.Address, verifiedAfter.GetProperty("owner").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task A_mint_to_another_owner_records_the_signer_as_creator()
    {
        var file = ApiClient.RandomFile();
        var response = await _api.MintSelfSignedAsync(TestAccount.Carol, file, to: TestAccount.Bob.Address);
        var tokenId = await _api.MintedTokenIdAsync(response);
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(TestAccount.Carol.Address, work.GetProperty("creator").GetString(), ignoreCase: true);
        Assert.Equal(TestAccount.Bob.Address, work.GetProperty("owner").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task Uploaded_html_is_served_as_a_sandboxed_download_not_as_a_page()
    {
        var file = "<script>alert(1)</script>"u8.ToArray().Concat(ApiClient.RandomFile(16)).ToArray();
        var deadline = ApiClient.InOneHour;
        var response = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "Page", ["creator"] = TestAccount.Alice.Address, ["deadline"] = deadline.ToString(),
            ["signature"] = await _api.SignMintAsync(TestAccount.Alice, file, deadline: deadline),
        }, "page.html", "text/html"));
        var tokenId = await _api.MintedTokenIdAsync(response);

        var content = await _api.Http.GetAsync($"/api/v1/works/{tokenId}/content");
        Assert.Equal("attachment", content.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("page.html", content.Content.Headers.ContentDisposition?.FileNameStar ?? content.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("sandbox", content.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(file, await content.Content.ReadAsByteArrayAsync());
    }

    private static string WithoutSimilar(JsonElement answer)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(answer.GetRawText())!.AsObject();
        o.Remove("similar");
        return o.ToJsonString();
    }
}
