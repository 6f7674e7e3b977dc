using System.Net;
using System.Text.Json;
using DigitalCollections.Api.Admin;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Admin;

/// <summary>An admin key with works:create registers a work for a named custodial account.</summary>
[Collection(ChainCollection.Name)]
public sealed class OnBehalfOfTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private Task<HttpResponseMessage> MintAsync(string? key, string? onBehalfOf, byte[]? file = null) =>
        _api.Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/works", key, ApiClient.WorkForm(file ?? ApiClient.RandomFile(),
            new Dictionary<string, string?> { ["title"] = "For someone", ["onBehalfOf"] = onBehalfOf }));

    [Fact]
    public async Task An_admin_key_with_works_create_mints_for_the_named_account()
    {
        var (address, _) = await _api.CreateAccountAsync("Represented");
        var minter = await fixture.Api.CreateAdminKeyAsync(AdminScopes.WorksCreate);
        var tokenId = await _api.MintedTokenIdAsync(await MintAsync(minter.ApiKey, address.ToLowerInvariant()));
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.Equal(address, work.GetProperty("creator").GetString(), ignoreCase: true);
        Assert.Equal(address, work.GetProperty("owner").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task Without_the_scope_the_account_or_a_key_the_mint_is_refused_before_anything_is_sent()
    {
        var (address, accountKey) = await _api.CreateAccountAsync("Represented");
        var minter = await fixture.Api.CreateAdminKeyAsync(AdminScopes.WorksCreate);
        var other = await fixture.Api.CreateAdminKeyAsync(AdminScopes.Operator);
        var before = await ChainState.CaptureAsync(fixture);

        var missing = await ApiClient.AssertProblemAsync(await MintAsync(other.ApiKey, address), HttpStatusCode.Forbidden, "authorization");
        Assert.EndsWith("required scope: works:create", missing.GetProperty("detail").GetString());
        await ApiClient.AssertProblemAsync(await MintAsync(accountKey, address), HttpStatusCode.Forbidden, "authorization");
        await ApiClient.AssertProblemAsync(await MintAsync(minter.ApiKey, null), HttpStatusCode.BadRequest, "onBehalfOf");
        await ApiClient.AssertProblemAsync(await MintAsync(minter.ApiKey, "0xnot"), HttpStatusCode.BadRequest, "onBehalfOf");
        await ApiClient.AssertProblemAsync(await MintAsync(minter.ApiKey, TestAccount.Bob.Address), HttpStatusCode.NotFound, "onBehalfOf");
        await ApiClient.AssertProblemAsync(await MintAsync(null, address), HttpStatusCode.BadRequest, "onBehalfOf");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }
}
