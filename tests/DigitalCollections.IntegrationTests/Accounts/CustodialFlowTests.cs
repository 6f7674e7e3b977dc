using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Data;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalCollections.IntegrationTests.Accounts;

/// <summary>A creator without a wallet: the service keeps the key and signs for the API key's account.</summary>
[Collection(ChainCollection.Name)]
public sealed class CustodialFlowTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Fact]
    public async Task A_custodial_account_mints_and_transfers_with_its_api_key()
    {
        var (address, apiKey) = await _api.CreateAccountAsync("Dana");
        Assert.Matches("^0x[0-9a-fA-F]{40}$", address);
        Assert.StartsWith("dck_", apiKey);

        var file = ApiClient.RandomFile();
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, file, royaltyBps: 500));
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(address, work.GetProperty("creator").GetString(), ignoreCase: true);
        Assert.Equal(address, work.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal(500, work.GetProperty("royaltyBps").GetInt32());

        var transfer = await _api.TransferCustodialAsync(apiKey, tokenId, TestAccount.Carol.Address);
        Assert.True(transfer.StatusCode == HttpStatusCode.Created, await transfer.Content.ReadAsStringAsync());

        var provenance = await _api.GetJsonAsync($"/api/v1/works/{tokenId}/provenance");
        var events = provenance.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["mint", "transfer"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(address, events[1].GetProperty("from").GetString(), ignoreCase: true);
        Assert.Equal(TestAccount.Carol.Address, provenance.GetProperty("currentOwner").GetString(), ignoreCase: true);

        // It no longer owns the token: a second transfer is refused before anything is sent.
        var before = await ChainState.CaptureAsync(fixture);
        var again = await _api.TransferCustodialAsync(apiKey, tokenId, TestAccount.Bob.Address);
        await ApiClient.AssertProblemAsync(again, HttpStatusCode.Forbidden, "authorization");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task The_api_key_and_private_key_are_never_stored_in_clear()
    {
        var (address, apiKey) = await _api.CreateAccountAsync("Eve");
        using var scope = fixture.Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Accounts.AsNoTracking().SingleAsync(a => a.Address == address);
        var secret = apiKey.Split('_', 3)[2];
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(row.ApiKeyHash));
        Assert.Equal(32, row.ApiKeyHash.Length);
        Assert.Equal(12 + 32 + 16, row.EncryptedPrivateKey.Length); // nonce ‖ ciphertext ‖ tag

        // What the store holds, read past the API: the SQLite file's bytes, or every PostgreSQL table's rows.
        Assert.DoesNotContain(secret, await TestStore.RawContentAsync(fixture.Api.DataDirectory));
    }

    [Fact]
    public async Task Another_accounts_key_cannot_transfer_a_token()
    {
        var (_, ownerKey) = await _api.CreateAccountAsync("Owner");
        var (_, strangerKey) = await _api.CreateAccountAsync("Stranger");
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(ownerKey, ApiClient.RandomFile()));

        var before = await ChainState.CaptureAsync(fixture);
        var response = await _api.TransferCustodialAsync(strangerKey, tokenId, TestAccount.Bob.Address);
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, "authorization");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(0, work.GetProperty("transferNonce").GetInt64());
    }

    [Fact]
    public async Task An_unknown_or_malformed_api_key_is_401_and_mints_nothing()
    {
        var before = await ChainState.CaptureAsync(fixture);
        var fake = await _api.MintCustodialAsync("dck_0123456789abcdef_" + new string('A', 43), ApiClient.RandomFile());
        await ApiClient.AssertProblemAsync(fake, HttpStatusCode.Unauthorized, "authorization");
        var malformed = await _api.MintCustodialAsync("not-a-key", ApiClient.RandomFile());
        await ApiClient.AssertProblemAsync(malformed, HttpStatusCode.Unauthorized, "authorization");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }
}
