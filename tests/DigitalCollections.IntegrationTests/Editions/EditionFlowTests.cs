using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.IntegrationTests.Infrastructure;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Editions;

/// <summary>Its own node and API: the test freezes tokens as the operator (the deployer, also a relayer) straight on the chain.</summary>
[CollectionDefinition(Name)]
public sealed class EditionCollection : ICollectionFixture<ChainFixture>
{
    public const string Name = "editions";
}

/// <summary>An edition of 100 with a one-day hold: minted in one go, numbered, held, passed on after its hold, frozen and unfrozen.</summary>
[Collection(EditionCollection.Name)]
public sealed class EditionFlowTests(ChainFixture fixture)
{
    private const long OneDay = 24 * 3600;
    // Hardhat's account #0: the deployer, which holds OPERATOR_ROLE.
    private static readonly TestAccount Operator = new("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Fact]
    public async Task An_edition_of_100_is_numbered_held_passed_on_after_its_hold_and_frozen()
    {
        var (creator, apiKey) = await _api.CreateAccountAsync("Edition maker");
        var file = ApiClient.RandomFile();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?>
            {
                ["title"] = "Harbour at dawn", ["editionSize"] = "100", ["holdSeconds"] = OneDay.ToString(),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var minted = await _api.Http.SendAsync(request);
        var first = await _api.MintedTokenIdAsync(minted);
        var body = await minted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(100, body.GetProperty("editionSize").GetInt32());
        Assert.Equal(first, body.GetProperty("tokens").GetProperty("first").GetInt64());
        Assert.Equal(first + 99, body.GetProperty("tokens").GetProperty("last").GetInt64());

        // No. 37: its own token, the work's facts, its place in the edition and its hold.
        var no37 = first + 36;
        var work = await _api.GetJsonAsync($"/api/v1/works/{no37}");
        Assert.Equal(creator, work.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal("Harbour at dawn", work.GetProperty("title").GetString());
        Assert.Equal(ApiClient.HashOf(file), work.GetProperty("contentHash").GetString());
        var edition = work.GetProperty("edition");
        Assert.Equal(37, edition.GetProperty("number").GetInt32());
        Assert.Equal(100, edition.GetProperty("size").GetInt32());
        Assert.Equal(first, edition.GetProperty("firstTokenId").GetInt64());
        Assert.False(work.GetProperty("locked").GetBoolean());
        Assert.False(work.GetProperty("frozen").GetBoolean());
        var transferableAt = work.GetProperty("transferableAt").GetDateTimeOffset();
        Assert.InRange(transferableAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));

        // Metadata a wallet reads: "No. 37 of 100", the image (a PNG), the page, and the edition as a trait.
        var metadata = await _api.GetJsonAsync($"/api/v1/metadata/{no37}");
        Assert.Equal("Harbour at dawn No. 37 of 100", metadata.GetProperty("name").GetString());
        Assert.EndsWith($"/api/v1/works/{no37}/content", metadata.GetProperty("image").GetString());
        Assert.False(metadata.TryGetProperty("animation_url", out _));
        Assert.EndsWith($"/works/{no37}", metadata.GetProperty("external_url").GetString());
        var trait = metadata.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("trait_type").GetString() == "Edition");
        Assert.Equal(37, trait.GetProperty("value").GetInt32());
        Assert.Equal(100, trait.GetProperty("max_value").GetInt32());

        // Before its hold ran out, the transfer is refused before anything is signed or sent.
        var before = await ChainState.CaptureAsync(fixture);
        var early = await _api.TransferCustodialAsync(apiKey, no37, TestAccount.Carol.Address);
        var problem = await ApiClient.AssertProblemAsync(early, HttpStatusCode.Conflict, "tokenId");
        Assert.EndsWith(":transfer-not-allowed-yet", problem.GetProperty("type").GetString());
        Assert.Equal(transferableAt, problem.GetProperty("transferableAt").GetDateTimeOffset());
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));

        // A day later (on the chain's clock), No. 37 passes to Carol.
        await fixture.Node.RpcAsync("evm_increaseTime", OneDay + 60);
        await fixture.Node.RpcAsync("evm_mine");
        var later = await _api.TransferCustodialAsync(apiKey, no37, TestAccount.Carol.Address);
        Assert.True(later.StatusCode == HttpStatusCode.Created, await later.Content.ReadAsStringAsync());
        var moved = await _api.GetJsonAsync($"/api/v1/works/{no37}");
        Assert.Equal(TestAccount.Carol.Address, moved.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal(creator, (await _api.GetJsonAsync($"/api/v1/works/{no37 + 1}")).GetProperty("owner").GetString(), ignoreCase: true);
        var provenance = await _api.GetJsonAsync($"/api/v1/works/{no37}/provenance");
        Assert.Equal(["mint", "transfer"], provenance.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        // The operator freezes No. 38: the API shows it and refuses its transfer; unfrozen, it shows that too.
        var no38 = no37 + 1;
        await SendAsOperatorAsync(new FreezeFunction { TokenId = no38, ReasonCode = 7 });
        var frozen = await _api.GetJsonAsync($"/api/v1/works/{no38}");
        Assert.True(frozen.GetProperty("frozen").GetBoolean());
        Assert.Equal(7, frozen.GetProperty("frozenReason").GetInt32());
        Assert.True(frozen.GetProperty("locked").GetBoolean());
        var refused = await _api.TransferCustodialAsync(apiKey, no38, TestAccount.Carol.Address);
        var frozenProblem = await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "tokenId");
        Assert.EndsWith(":token-frozen", frozenProblem.GetProperty("type").GetString());
        await SendAsOperatorAsync(new UnfreezeFunction { TokenId = no38 });
        var unfrozen = await _api.GetJsonAsync($"/api/v1/works/{no38}");
        Assert.False(unfrozen.GetProperty("frozen").GetBoolean());
        Assert.False(unfrozen.GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task An_edition_size_out_of_bounds_is_refused_naming_the_field()
    {
        var (_, apiKey) = await _api.CreateAccountAsync("Too many");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(ApiClient.RandomFile(), new Dictionary<string, string?> { ["title"] = "x", ["editionSize"] = "10001" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(request), HttpStatusCode.BadRequest, "editionSize");
    }

    private async Task SendAsOperatorAsync<TFunction>(TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new()
    {
        var chain = new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);
        var web3 = new Web3(new Account(Operator.PrivateKeyHex, 31337), fixture.Node.RpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(chain.Contract, function);
        Assert.Equal(1, (int)receipt.Status.Value);
    }
}
