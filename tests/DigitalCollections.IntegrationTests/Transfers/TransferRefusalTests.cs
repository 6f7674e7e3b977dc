using System.Net;
using System.Net.Http.Json;
using System.Text;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Transfers;

/// <summary>Only the owner's signature or the owner's API key moves a token; everything else is refused and sends nothing.</summary>
[Collection(ChainCollection.Name)]
public sealed class TransferRefusalTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private async Task<long> MintForAliceAsync() =>
        await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile()));

    [Fact]
    public async Task A_transfer_that_is_not_json_is_415_and_sends_nothing()
    {
        var tokenId = await MintForAliceAsync();
        var before = await ChainState.CaptureAsync(fixture);
        var form = new StringContent($"to={TestAccount.Bob.Address}", Encoding.UTF8, "application/x-www-form-urlencoded");
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsync($"/api/v1/works/{tokenId}/transfers", form),
            HttpStatusCode.UnsupportedMediaType, "contentType");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task A_stranger_signing_for_a_token_they_do_not_own_is_403()
    {
        var tokenId = await MintForAliceAsync();
        var deadline = ApiClient.InOneHour;
        var before = await ChainState.CaptureAsync(fixture);

        // Bob claims to be the sender.
        var bobSigned = await _api.SignTransferAsync(TestAccount.Bob, tokenId, TestAccount.Bob.Address, 0, deadline);
        var asBob = await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
            new { from = TestAccount.Bob.Address, to = TestAccount.Bob.Address, deadline, signature = bobSigned });
        await ApiClient.AssertProblemAsync(asBob, HttpStatusCode.Forbidden, "from");

        // Bob names Alice as sender but signs himself.
        var asAlice = await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
            new { from = TestAccount.Alice.Address, to = TestAccount.Bob.Address, deadline, signature = bobSigned });
        await ApiClient.AssertProblemAsync(asAlice, HttpStatusCode.Forbidden, "signature");

        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(TestAccount.Alice.Address, work.GetProperty("owner").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task A_signed_nonce_that_is_not_the_current_one_is_409()
    {
        var tokenId = await MintForAliceAsync();
        var deadline = ApiClient.InOneHour;
        var signature = await _api.SignTransferAsync(TestAccount.Alice, tokenId, TestAccount.Bob.Address, 5, deadline);
        var response = await _api.Http.PostAsJsonAsync($"/api/v1/works/{tokenId}/transfers",
            new { from = TestAccount.Alice.Address, to = TestAccount.Bob.Address, deadline, signature, nonce = 5 });
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict, "nonce");
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "invalid JSON", "{\"to\": ", "body" },
        { "no recipient", "{\"from\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"deadline\":99999999999,\"signature\":\"0x11\"}", "to" },
        { "recipient not an address", "{\"to\":\"bob\",\"from\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"deadline\":99999999999,\"signature\":\"0x11\"}", "to" },
        { "from not an address", "{\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"from\":\"alice\",\"deadline\":99999999999,\"signature\":\"0x11\"}", "from" },
        { "deadline passed", "{\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"from\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"deadline\":1000,\"signature\":\"0x11\"}", "deadline" },
        { "deadline wrong type", "{\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"from\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"deadline\":\"soon\",\"signature\":\"0x11\"}", "deadline" },
        { "no signature", "{\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"from\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"deadline\":99999999999}", "signature" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_transfer_input_is_400_naming_the_field(string _, string json, string field)
    {
        var tokenId = await MintForAliceAsync();
        var before = await ChainState.CaptureAsync(fixture);
        var response = await _api.Http.PostAsync($"/api/v1/works/{tokenId}/transfers", new StringContent(json, Encoding.UTF8, "application/json"));
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task Transfers_of_unknown_or_malformed_token_ids_are_404_and_400()
    {
        var body = new { to = TestAccount.Bob.Address, from = TestAccount.Alice.Address, deadline = ApiClient.InOneHour, signature = "0x" + new string('1', 130) };
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsJsonAsync("/api/v1/works/99999999/transfers", body), HttpStatusCode.NotFound, "tokenId");
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsJsonAsync("/api/v1/works/abc/transfers", body), HttpStatusCode.BadRequest, "tokenId");
    }
}
