using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Indexing;
using DigitalCollections.IntegrationTests.Infrastructure;
using DigitalCollections.IntegrationTests.Provenance;
using Microsoft.EntityFrameworkCore;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace DigitalCollections.IntegrationTests.Editions;

/// <summary>The read side of editions: verification lists an edition's tokens and owners, listings number every token.</summary>
[Collection(EditionCollection.Name)]
public sealed class EditionReadTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Fact]
    public async Task Verification_by_hash_and_by_file_gives_the_edition_its_tokens_and_owners_a_page_at_a_time()
    {
        var (creator, apiKey) = await _api.CreateAccountAsync("Edition of 120");
        var file = ApiClient.RandomFile();
        var first = await MintEditionAsync(apiKey, file, "Tide tables", 120);
        var no3 = first + 2;
        var moved = await _api.TransferCustodialAsync(apiKey, no3, TestAccount.Carol.Address);
        Assert.True(moved.StatusCode == HttpStatusCode.Created, await moved.Content.ReadAsStringAsync());

        var byHash = await _api.GetJsonAsync($"/api/v1/verifications/{ApiClient.HashOf(file)}");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "tide.png" } };
        var posted = await _api.Http.PostAsync("/api/v1/verifications", form);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var byFile = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;

        foreach (var answer in new[] { byHash, byFile })
        {
            // The work is its No. 1; the edition lists the first 50 tokens with their numbers and owners.
            Assert.True(answer.GetProperty("registered").GetBoolean());
            Assert.Equal(first, answer.GetProperty("tokenId").GetInt64());
            Assert.Equal(creator, answer.GetProperty("owner").GetString(), ignoreCase: true);
            var edition = answer.GetProperty("edition");
            Assert.Equal(first, edition.GetProperty("firstTokenId").GetInt64());
            Assert.Equal(120, edition.GetProperty("size").GetInt32());
            Assert.Equal(120, edition.GetProperty("minted").GetInt32());
            var tokens = edition.GetProperty("tokens").EnumerateArray().ToList();
            Assert.Equal(50, tokens.Count);
            Assert.Equal(Enumerable.Range(1, 50), tokens.Select(t => t.GetProperty("number").GetInt32()));
            Assert.Equal(Enumerable.Range(0, 50).Select(i => first + i), tokens.Select(t => t.GetProperty("tokenId").GetInt64()));
            Assert.Equal(TestAccount.Carol.Address, tokens[2].GetProperty("owner").GetString(), ignoreCase: true);
            Assert.All(tokens.Where(t => t.GetProperty("number").GetInt32() != 3),
                t => Assert.Equal(creator, t.GetProperty("owner").GetString(), ignoreCase: true));
            Assert.StartsWith($"/api/v1/works/{first}/edition?cursor=", edition.GetProperty("next").GetString());
        }

        // The rest through the paged route, from the verification's link: 50 more, then the last 20, then no link.
        var page2 = await _api.GetJsonAsync(byHash.GetProperty("edition").GetProperty("next").GetString()!);
        Assert.Equal(Enumerable.Range(51, 50), page2.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()));
        Assert.Equal(120, page2.GetProperty("minted").GetInt32());
        var page3 = await _api.GetJsonAsync(page2.GetProperty("next").GetString()!);
        Assert.Equal(Enumerable.Range(101, 20), page3.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()));
        Assert.Equal(JsonValueKind.Null, page3.GetProperty("next").ValueKind);
        Assert.Equal(JsonValueKind.Null, page3.GetProperty("nextCursor").ValueKind);
        Assert.True(page3.GetProperty("consistentWith").GetProperty("blockNumber").GetInt64() > 0);

        // Any token names its edition; a limit and a cursor page it; bad ones are 400s naming the field.
        var fromNo3 = await _api.GetJsonAsync($"/api/v1/works/{no3}/edition?limit=2");
        Assert.Equal(no3, fromNo3.GetProperty("tokenId").GetInt64());
        Assert.Equal(first, fromNo3.GetProperty("firstTokenId").GetInt64());
        Assert.Equal([1, 2], fromNo3.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()));
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/works/{no3}/edition?limit=201"), HttpStatusCode.BadRequest, "limit");
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/works/{no3}/edition?cursor=nope"), HttpStatusCode.BadRequest, "cursor");
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync("/api/v1/works/999999/edition"), HttpStatusCode.NotFound, "tokenId");

        // A unique work's verification is as before: no edition. Its edition route answers an edition of 1.
        var unique = ApiClient.RandomFile();
        var uniqueId = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, unique));
        var plain = await _api.GetJsonAsync($"/api/v1/verifications/{ApiClient.HashOf(unique)}");
        Assert.Equal(uniqueId, plain.GetProperty("tokenId").GetInt64());
        Assert.True(!plain.TryGetProperty("edition", out var none) || none.ValueKind == JsonValueKind.Null);
        var single = await _api.GetJsonAsync($"/api/v1/works/{uniqueId}/edition");
        Assert.Equal(1, single.GetProperty("size").GetInt32());
        Assert.Equal(uniqueId, single.GetProperty("tokens")[0].GetProperty("tokenId").GetInt64());

        await fixture.Api.AssertAnswersAgreeAsync();
    }

    [Fact]
    public async Task Listings_show_each_edition_tokens_number_size_and_the_works_title()
    {
        var (creator, apiKey) = await _api.CreateAccountAsync("Lister");
        var first = await MintEditionAsync(apiKey, ApiClient.RandomFile(), "Harbour lights", 5);
        var uniqueId = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, ApiClient.RandomFile(), "A unique one"));
        var moved = await _api.TransferCustodialAsync(apiKey, first + 3, TestAccount.Dave.Address);
        Assert.True(moved.StatusCode == HttpStatusCode.Created, await moved.Content.ReadAsStringAsync());

        var listed = (await _api.GetJsonAsync($"/api/v1/works?creator={creator}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => first + i).Append(uniqueId), listed.Select(i => i.GetProperty("tokenId").GetInt64()));
        for (var n = 1; n <= 5; n++)
        {
            var edition = listed[n - 1].GetProperty("edition");
            Assert.Equal(n, edition.GetProperty("number").GetInt32());
            Assert.Equal(5, edition.GetProperty("size").GetInt32());
            Assert.Equal(first, edition.GetProperty("firstTokenId").GetInt64());
            Assert.Equal("Harbour lights", listed[n - 1].GetProperty("title").GetString());
        }
        Assert.Equal(JsonValueKind.Null, listed[5].GetProperty("edition").ValueKind);
        Assert.Equal("A unique one", listed[5].GetProperty("title").GetString());

        // The account's works: No. 4 of 5 is Dave's now.
        var owned = (await _api.GetJsonAsync($"/api/v1/accounts/{TestAccount.Dave.Address}/works")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("tokenId").GetInt64() == first + 3);
        Assert.Equal(4, owned.GetProperty("edition").GetProperty("number").GetInt32());
        Assert.Equal("Harbour lights", owned.GetProperty("title").GetString());

        await fixture.Api.AssertAnswersAgreeAsync();
    }

    [Fact]
    public async Task A_freeze_and_unfreeze_by_the_operator_are_indexed_and_shown_in_the_tokens_provenance_beside_its_transfers()
    {
        var (_, apiKey) = await _api.CreateAccountAsync("Frozen edition");
        var first = await MintEditionAsync(apiKey, ApiClient.RandomFile(), "Disputed", 3);
        var no2 = first + 1;
        var chain = new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);

        var frozenAt = await chain.SendAsOperatorAsync(new FreezeFunction { TokenId = no2, ReasonCode = 5 });
        // The pre-relay check reads the chain, not the index: refused at once.
        var refused = await _api.TransferCustodialAsync(apiKey, no2, TestAccount.Carol.Address);
        Assert.EndsWith(":token-frozen", (await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "tokenId")).GetProperty("type").GetString());
        var unfrozenAt = await chain.SendAsOperatorAsync(new UnfreezeFunction { TokenId = no2 });
        var moved = await _api.TransferCustodialAsync(apiKey, no2, TestAccount.Carol.Address);
        Assert.True(moved.StatusCode == HttpStatusCode.Created, await moved.Content.ReadAsStringAsync());
        await IndexConsistencyTests.WaitForIndexAsync(_api, await chain.HeadAsync());

        var provenance = await _api.GetJsonAsync($"/api/v1/works/{no2}/provenance");
        Assert.Equal(["mint", "transfer"], provenance.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var changes = provenance.GetProperty("ruleChanges").EnumerateArray().ToList();
        Assert.Equal(["frozen", "unfrozen"], changes.Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal(5, changes[0].GetProperty("reasonCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, changes[1].GetProperty("reasonCode").ValueKind);
        Assert.Equal([frozenAt, unfrozenAt], changes.Select(c => c.GetProperty("blockNumber").GetInt64()));
        Assert.Equal(await chain.BlockHashAsync(frozenAt), changes[0].GetProperty("blockHash").GetString());
        var transfer = provenance.GetProperty("events")[1].GetProperty("blockNumber").GetInt64();
        Assert.True(unfrozenAt < transfer, "the unfreeze came before the transfer it allowed");
        // Its neighbours were never frozen.
        Assert.Empty((await _api.GetJsonAsync($"/api/v1/works/{first}/provenance")).GetProperty("ruleChanges").EnumerateArray());

        await fixture.Api.AssertAnswersAgreeAsync();
    }

    [Fact]
    public async Task The_operators_minimum_hold_changes_are_indexed_as_collection_wide_rows()
    {
        var chain = new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);
        long set, cleared;
        try
        {
            set = await chain.SendAsOperatorAsync(new SetMinimumHoldFunction { HoldSeconds = 3600 });
        }
        finally
        {
            cleared = await chain.SendAsOperatorAsync(new SetMinimumHoldFunction { HoldSeconds = 0 }); // the other tests' transfers need none
        }
        await IndexConsistencyTests.WaitForIndexAsync(_api, await chain.HeadAsync());

        await using var db = TestStore.Open(fixture.Api.DataDirectory);
        var rows = await db.IndexedRuleChanges.AsNoTracking().Where(r => r.Kind == RuleChangeKinds.MinimumHold && r.BlockNumber >= set)
            .OrderBy(r => r.BlockNumber).ToListAsync();
        Assert.Equal([(set, 3600L), (cleared, 0L)], rows.Select(r => (r.BlockNumber, r.Value)));
        Assert.All(rows, r => Assert.Null(r.TokenId));
    }

    private async Task<long> MintEditionAsync(string apiKey, byte[] file, string title, int size)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?> { ["title"] = title, ["editionSize"] = size.ToString() }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await _api.MintedTokenIdAsync(await _api.Http.SendAsync(request));
    }
}

[Function("setMinimumHold")]
public sealed class SetMinimumHoldFunction : FunctionMessage
{
    [Parameter("uint64", "holdSeconds", 1)] public ulong HoldSeconds { get; set; }
}
