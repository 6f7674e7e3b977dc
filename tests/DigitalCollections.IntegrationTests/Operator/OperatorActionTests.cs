using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Admin;
using DigitalCollections.IntegrationTests.Infrastructure;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Operator;

/// <summary>Its own node and API: the tests pause the whole collection and take the operator's role away.</summary>
[CollectionDefinition(Name)]
public sealed class OperatorCollection : ICollectionFixture<ChainFixture>
{
    public const string Name = "operator";
}

/// <summary>
/// The operator's actions through the API with a key of scope operator: freeze (a transfer is then 403
/// token-frozen), unfreeze, minimum hold, pause (a registration is then refused) and unpause; each sent alone from
/// the relayer holding the role, tracked at /transactions/{id} and audited.
/// </summary>
[Collection(OperatorCollection.Name)]
public sealed class OperatorActionTests(ChainFixture fixture)
{
    // Hardhat's account #0: the deployer, which holds PAUSER_ROLE, OPERATOR_ROLE and DEFAULT_ADMIN_ROLE, and is relayer #0.
    private const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string DeployerAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private readonly ApiClient _api = new(fixture.Api.CreateClient());
    private HttpClient Http => _api.Http;

    private static JsonContent Body(object value) => JsonContent.Create(value);

    private async Task<JsonElement> ConfirmedAsync(HttpResponseMessage response, string kind)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        var transaction = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(kind, transaction.GetProperty("kind").GetString());
        Assert.Equal("confirmed", transaction.GetProperty("state").GetString());
        Assert.Equal(DeployerAddress, transaction.GetProperty("relayer").GetString(), ignoreCase: true);
        Assert.Equal(JsonValueKind.Null, transaction.GetProperty("batch").ValueKind); // alone, never batched
        var tracked = await _api.GetJsonAsync($"/api/v1/transactions/{transaction.GetProperty("id").GetString()}");
        Assert.Equal("confirmed", tracked.GetProperty("state").GetString());
        Assert.Equal(kind, tracked.GetProperty("kind").GetString());
        return transaction;
    }

    [Fact]
    public async Task Freeze_unfreeze_minimum_hold_pause_and_unpause_go_through_the_outbox_and_the_audit_trail()
    {
        var operatorKey = await fixture.Api.CreateAdminKeyAsync(AdminScopes.Operator, AdminScopes.Audit);
        var auditorKey = await fixture.Api.CreateAdminKeyAsync(AdminScopes.Audit);
        var (_, owner) = await _api.CreateAccountAsync("Operator test owner");
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(owner, ApiClient.RandomFile()));
        var freeze = $"/api/v1/admin/tokens/{tokenId}/freeze";
        var unfreeze = $"/api/v1/admin/tokens/{tokenId}/unfreeze";

        // Who may: only a key with scope operator (no key 401, a key without the scope or an account key 403).
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, freeze, null, Body(new { reasonCode = 7 })),
            HttpStatusCode.Unauthorized, "authorization");
        var missing = await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, freeze, auditorKey.ApiKey, Body(new { reasonCode = 7 })),
            HttpStatusCode.Forbidden, "authorization");
        Assert.Equal("operator", missing.GetProperty("requiredScope").GetString());
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/collection/pause", owner),
            HttpStatusCode.Forbidden, "authorization");

        // Checked before anything is sent: bad input 400 naming the field, an unknown token 404, nothing to undo 409.
        var before = await ChainState.CaptureAsync(fixture);
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, freeze, operatorKey.ApiKey, Body(new { })),
            HttpStatusCode.BadRequest, "reasonCode");
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, freeze, operatorKey.ApiKey, Body(new { reasonCode = 4294967296L })),
            HttpStatusCode.BadRequest, "reasonCode");
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/tokens/abc/freeze", operatorKey.ApiKey,
            Body(new { reasonCode = 1 })), HttpStatusCode.BadRequest, "tokenId");
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/tokens/999999/freeze", operatorKey.ApiKey,
            Body(new { reasonCode = 1 })), HttpStatusCode.NotFound, "tokenId");
        var notFrozen = await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, unfreeze, operatorKey.ApiKey),
            HttpStatusCode.Conflict, "tokenId");
        Assert.EndsWith(":token-not-frozen", notFrozen.GetProperty("type").GetString());
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/collection/unpause", operatorKey.ApiKey),
            HttpStatusCode.Conflict, null);
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Put, "/api/v1/admin/collection/minimum-hold", operatorKey.ApiKey,
            Body(new { holdSeconds = -1 })), HttpStatusCode.BadRequest, "holdSeconds");
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Put, "/api/v1/admin/collection/minimum-hold", operatorKey.ApiKey,
            Body(new { holdSeconds = 10L * 366 * 24 * 3600 + 1 })), HttpStatusCode.BadRequest, "holdSeconds");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));

        // Freeze: the work shows it, a transfer is refused 403 token-frozen, the same freeze again is 409.
        var frozeTx = await ConfirmedAsync(await Http.SendWithKeyAsync(HttpMethod.Post, freeze, operatorKey.ApiKey, Body(new { reasonCode = 7 })), "freeze");
        Assert.Equal(tokenId, frozeTx.GetProperty("tokenId").GetInt64());
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");
        Assert.True(work.GetProperty("frozen").GetBoolean());
        Assert.Equal(7, work.GetProperty("frozenReason").GetInt32());
        var refused = await ApiClient.AssertProblemAsync(await _api.TransferCustodialAsync(owner, tokenId, TestAccount.Carol.Address),
            HttpStatusCode.Forbidden, "tokenId");
        Assert.EndsWith(":token-frozen", refused.GetProperty("type").GetString());
        var again = await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, freeze, operatorKey.ApiKey, Body(new { reasonCode = 7 })),
            HttpStatusCode.Conflict, "tokenId");
        Assert.EndsWith(":token-already-frozen", again.GetProperty("type").GetString());

        // Unfreeze: the transfer goes through.
        await ConfirmedAsync(await Http.SendWithKeyAsync(HttpMethod.Post, unfreeze, operatorKey.ApiKey), "unfreeze");
        Assert.False((await _api.GetJsonAsync($"/api/v1/works/{tokenId}")).GetProperty("frozen").GetBoolean());

        // Minimum hold: an hour, then none again (the same value twice is 409).
        await ConfirmedAsync(await Http.SendWithKeyAsync(HttpMethod.Put, "/api/v1/admin/collection/minimum-hold", operatorKey.ApiKey,
            Body(new { holdSeconds = 3600 })), "minimum-hold");
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Put, "/api/v1/admin/collection/minimum-hold", operatorKey.ApiKey,
            Body(new { holdSeconds = 3600 })), HttpStatusCode.Conflict, "holdSeconds");
        await ConfirmedAsync(await Http.SendWithKeyAsync(HttpMethod.Put, "/api/v1/admin/collection/minimum-hold", operatorKey.ApiKey,
            Body(new { holdSeconds = 0 })), "minimum-hold");
        var moved = await _api.TransferCustodialAsync(owner, tokenId, TestAccount.Carol.Address);
        Assert.True(moved.StatusCode == HttpStatusCode.Created, await moved.Content.ReadAsStringAsync());

        // Pause, with an Idempotency-Key: the retry answers the same transaction, sends nothing more.
        async Task<HttpResponseMessage> PauseAsync(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/collection/pause").WithKey(operatorKey.ApiKey);
            request.Headers.Add("Idempotency-Key", key);
            return await Http.SendAsync(request);
        }
        var idempotencyKey = Guid.NewGuid().ToString();
        var paused = await ConfirmedAsync(await PauseAsync(idempotencyKey), "pause");
        var replayed = await (await PauseAsync(idempotencyKey)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(paused.GetProperty("id").GetString(), replayed.GetProperty("id").GetString());
        await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/collection/pause", operatorKey.ApiKey),
            HttpStatusCode.Conflict, null);

        // While paused: a registration and a transfer are refused, 503 collection-paused.
        var registration = await ApiClient.AssertProblemAsync(await _api.MintCustodialAsync(owner, ApiClient.RandomFile()),
            HttpStatusCode.ServiceUnavailable, null);
        Assert.EndsWith(":collection-paused", registration.GetProperty("type").GetString());
        var (carolAddress, carolKey) = await _api.CreateAccountAsync("Paused receiver");
        var second = await _api.MintedTokenIdAsync(await UnpauseThenMintAsync(operatorKey.ApiKey, owner));
        await ConfirmedAsync(await PauseAsync(Guid.NewGuid().ToString()), "pause");
        var transfer = await ApiClient.AssertProblemAsync(await _api.TransferCustodialAsync(owner, second, carolAddress),
            HttpStatusCode.ServiceUnavailable, null);
        Assert.EndsWith(":collection-paused", transfer.GetProperty("type").GetString());
        await ConfirmedAsync(await Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/collection/unpause", operatorKey.ApiKey), "unpause");
        Assert.Equal(HttpStatusCode.Created, (await _api.TransferCustodialAsync(owner, second, carolAddress)).StatusCode);
        _ = carolKey;

        // Every action is in the audit trail, by the key that asked, with its transaction.
        var audit = await (await Http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit?limit=500", operatorKey.ApiKey)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(audit.GetProperty("verified").GetBoolean());
        var mine = audit.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString() == $"admin-key:{operatorKey.KeyId}").Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["token.frozen", "token.unfrozen", "collection.minimum-hold-set", "collection.minimum-hold-set",
            "contract.paused", "contract.unpaused", "contract.paused", "contract.unpaused"], mine);
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "token.frozen"
            && e.GetProperty("details").GetString()!.Contains(frozeTx.GetProperty("id").GetString()!));

        // Without a relayer holding the role (taken away on chain), the API says so and sends nothing.
        await RevokeAsync("OPERATOR_ROLE");
        var noRole = await ApiClient.AssertProblemAsync(await Http.SendWithKeyAsync(HttpMethod.Post, $"/api/v1/admin/tokens/{second}/freeze",
            operatorKey.ApiKey, Body(new { reasonCode = 1 })), HttpStatusCode.Conflict, null);
        Assert.EndsWith(":no-relayer-holds-role", noRole.GetProperty("type").GetString());
        Assert.Contains("OPERATOR_ROLE", noRole.GetProperty("detail").GetString());

        await fixture.Api.AssertAnswersAgreeAsync();
    }

    private async Task<HttpResponseMessage> UnpauseThenMintAsync(string operatorKey, string owner)
    {
        await ConfirmedAsync(await Http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/collection/unpause", operatorKey), "unpause");
        return await _api.MintCustodialAsync(owner, ApiClient.RandomFile());
    }

    private async Task RevokeAsync(string role)
    {
        var chain = new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);
        var web3 = new Web3(new Account(DeployerKey, 31337), fixture.Node.RpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<RenounceRoleFunction>().SendRequestAndWaitForReceiptAsync(chain.Contract,
            new RenounceRoleFunction { Role = Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(role)), Account = DeployerAddress });
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    [Function("renounceRole")]
    private sealed class RenounceRoleFunction : FunctionMessage
    {
        [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = [];
        [Parameter("address", "callerConfirmation", 2)] public string Account { get; set; } = "";
    }
}
