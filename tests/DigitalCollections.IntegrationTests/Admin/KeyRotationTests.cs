using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Admin;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Admin;

/// <summary>A custodial key replaced by its holder: the account, its chain key and its works stay; the old key is dead.</summary>
[Collection(ChainCollection.Name)]
public sealed class KeyRotationTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private Task<HttpResponseMessage> RotateAsync(string address, string? key) =>
        _api.Http.SendWithKeyAsync(HttpMethod.Post, $"/api/v1/accounts/{address}/keys", key);

    [Fact]
    public async Task A_rotated_key_stops_working_and_the_new_one_acts_for_the_same_account()
    {
        var (address, oldKey) = await _api.CreateAccountAsync("Rotating");
        var firstToken = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(oldKey, ApiClient.RandomFile()));

        var rotated = await RotateAsync(address, oldKey);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var newKey = body.GetProperty("apiKey").GetString()!;
        Assert.Equal(address, body.GetProperty("address").GetString());
        Assert.Equal(oldKey.Split('_')[1], body.GetProperty("revokedKeyId").GetString());
        Assert.NotEqual(oldKey, newKey);

        await ApiClient.AssertProblemAsync(await _api.MintCustodialAsync(oldKey, ApiClient.RandomFile()), HttpStatusCode.Unauthorized, "authorization");
        await ApiClient.AssertProblemAsync(await RotateAsync(address, oldKey), HttpStatusCode.Unauthorized, "authorization");
        var second = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(newKey, ApiClient.RandomFile()));
        var work = await _api.GetJsonAsync($"/api/v1/works/{second}");
        Assert.Equal(address, work.GetProperty("creator").GetString(), ignoreCase: true);
        // The first work is still the account's, and the new key can move it.
        var transfer = await _api.TransferCustodialAsync(newKey, firstToken, TestAccount.Carol.Address);
        Assert.True(transfer.StatusCode == HttpStatusCode.Created, await transfer.Content.ReadAsStringAsync());

        var auditor = await fixture.Api.CreateAdminKeyAsync(AdminScopes.Audit);
        var audit = await _api.Http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit?limit=500", auditor.ApiKey);
        var text = await audit.Content.ReadAsStringAsync();
        var entries = JsonDocument.Parse(text).RootElement.GetProperty("entries").EnumerateArray();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "account-key.rotated"
            && e.GetProperty("actor").GetString() == $"account:{address}" && e.GetProperty("details").GetString()!.Contains(oldKey.Split('_')[1]));
        Assert.DoesNotContain(newKey.Split('_', 3)[2], text);
        Assert.DoesNotContain(oldKey.Split('_', 3)[2], text);
    }

    [Fact]
    public async Task Only_the_accounts_own_key_can_rotate_it()
    {
        var (address, _) = await _api.CreateAccountAsync("Target");
        var (_, strangerKey) = await _api.CreateAccountAsync("Stranger");
        await ApiClient.AssertProblemAsync(await RotateAsync(address, strangerKey), HttpStatusCode.Forbidden, "authorization");
        await ApiClient.AssertProblemAsync(await RotateAsync(address, null), HttpStatusCode.Unauthorized, "authorization");
        await ApiClient.AssertProblemAsync(await RotateAsync("0x123", strangerKey), HttpStatusCode.BadRequest, "address");
    }
}
