using System.Net;
using System.Text.Json;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Provenance;

[Collection(ChainCollection.Name)]
public sealed class ListingTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private async Task<List<long>> AllPagesAsync(string path, int limit, Func<int, Task>? betweenPages = null)
    {
        var tokens = new List<long>();
        string? cursor = null;
        var page = 0;
        do
        {
            var separator = path.Contains('?') ? '&' : '?';
            var body = await _api.GetJsonAsync($"{path}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"));
            var items = body.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= limit);
            tokens.AddRange(items.Select(i => i.GetProperty("tokenId").GetInt64()));
            cursor = body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : body.GetProperty("nextCursor").GetString();
            if (betweenPages is not null) await betweenPages(page++);
        } while (cursor is not null);
        return tokens;
    }

    [Fact]
    public async Task Cursor_paging_by_creator_is_stable_while_the_creator_keeps_minting()
    {
        var (creator, apiKey) = await _api.CreateAccountAsync("Prolific");
        var before = new List<long>();
        for (var i = 0; i < 7; i++) before.Add(await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, ApiClient.RandomFile(), $"Early {i}")));

        // New works are minted between the pages: every earlier token still appears exactly once, in order.
        var minted = new List<long>();
        var seen = await AllPagesAsync($"/api/v1/works?creator={creator}", 3, async page =>
        {
            if (page < 2) minted.Add(await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, ApiClient.RandomFile(), $"During {page}")));
        });
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(before, seen.Take(before.Count));
        Assert.All(seen.Skip(before.Count), t => Assert.Contains(t, minted));

        var again = await AllPagesAsync($"/api/v1/accounts/{creator}/works?relation=created", 4);
        Assert.Equal(before.Concat(minted), again);
    }

    [Fact]
    public async Task Owner_listings_follow_transfers_and_items_carry_titles_and_mint_facts()
    {
        var (creator, apiKey) = await _api.CreateAccountAsync("Seller");
        var kept = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, ApiClient.RandomFile(), "Kept"));
        var sold = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, ApiClient.RandomFile(), "Sold"));
        Assert.Equal(HttpStatusCode.Created, (await _api.TransferCustodialAsync(apiKey, sold, TestAccount.Carol.Address)).StatusCode);

        var owned = await _api.GetJsonAsync($"/api/v1/accounts/{creator}/works");
        var items = owned.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([kept], items.Select(i => i.GetProperty("tokenId").GetInt64()));
        Assert.Equal("Kept", items[0].GetProperty("title").GetString());
        Assert.Equal(creator, items[0].GetProperty("creator").GetString());
        Assert.StartsWith("0x", items[0].GetProperty("mintTransactionHash").GetString());
        Assert.True(owned.GetProperty("consistentWith").GetProperty("blockNumber").GetInt64() > 0);

        // The lower-case address finds the same works; the buyer's listing has the sold one.
        var byOwner = await _api.GetJsonAsync($"/api/v1/works?owner={TestAccount.Carol.Address.ToLowerInvariant()}&creator={creator}");
        Assert.Equal([sold], byOwner.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("tokenId").GetInt64()));
        Assert.Equal(TestAccount.Carol.Address, byOwner.GetProperty("items")[0].GetProperty("owner").GetString());
    }

    [Theory]
    [InlineData("/api/v1/works?limit=0", "limit")]
    [InlineData("/api/v1/works?limit=201", "limit")]
    [InlineData("/api/v1/works?limit=ten", "limit")]
    [InlineData("/api/v1/works?cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("/api/v1/works?creator=0x1234", "creator")]
    [InlineData("/api/v1/works?owner=alice", "owner")]
    [InlineData("/api/v1/accounts/0x12/works", "address")]
    [InlineData("/api/v1/accounts/0x70997970C51812dc3A010C7d01b50e0d17dc79C8/works?relation=liked", "relation")]
    public async Task Bad_listing_parameters_are_400_naming_the_parameter(string path, string field) =>
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync(path), HttpStatusCode.BadRequest, field);
}
