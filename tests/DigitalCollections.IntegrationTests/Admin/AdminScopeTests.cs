using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.Api.Admin;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Admin;

/// <summary>Admin routes answer 401 without a valid admin key and 403 without the scope, naming it either way.</summary>
[Collection(ChainCollection.Name)]
public sealed class AdminScopeTests(ChainFixture fixture)
{
    private readonly HttpClient _http = fixture.Api.CreateClient();

    private static async Task AssertNamesScopeAsync(HttpResponseMessage response, HttpStatusCode status, string scope)
    {
        var problem = await ApiClient.AssertProblemAsync(response, status, "authorization");
        Assert.EndsWith($"required scope: {scope}", problem.GetProperty("detail").GetString());
        Assert.Equal(scope, problem.GetProperty("requiredScope").GetString());
    }

    [Fact]
    public async Task The_audit_route_needs_an_admin_key_with_scope_audit()
    {
        var auditor = await fixture.Api.CreateAdminKeyAsync(AdminScopes.Audit);
        var operatorKey = await fixture.Api.CreateAdminKeyAsync(AdminScopes.Operator);
        var (_, accountKey) = await new ApiClient(_http).CreateAccountAsync("Not an admin");

        await AssertNamesScopeAsync(await _http.GetAsync("/api/v1/audit"), HttpStatusCode.Unauthorized, "audit");
        await AssertNamesScopeAsync(await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit", "dca_0123456789abcdef_" + new string('x', 43)),
            HttpStatusCode.Unauthorized, "audit");
        await AssertNamesScopeAsync(await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit", accountKey), HttpStatusCode.Forbidden, "audit");
        await AssertNamesScopeAsync(await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit", operatorKey.ApiKey), HttpStatusCode.Forbidden, "audit");

        var ok = await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit?limit=500", auditor.ApiKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var page = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(page.GetProperty("verified").GetBoolean(), page.ToString());
        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "relayers.configured" && e.GetProperty("actor").GetString() == "system");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "admin-key.created"
            && e.GetProperty("details").GetString()!.Contains(auditor.KeyId));
        Assert.DoesNotContain(auditor.ApiKey.Split('_', 3)[2], page.ToString());
    }

    [Fact]
    public async Task A_key_made_by_a_key_grants_only_held_scopes_and_a_revoked_key_gets_401()
    {
        var manager = await fixture.Api.CreateAdminKeyAsync(AdminScopes.Keys, AdminScopes.Audit);

        var beyond = await _http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/keys", manager.ApiKey,
            JsonContent.Create(new { name = "too strong", scopes = new[] { "audit", "operator" } }));
        var problem = await ApiClient.AssertProblemAsync(beyond, HttpStatusCode.Forbidden, "scopes");
        Assert.Contains("operator", problem.GetProperty("detail").GetString());
        await ApiClient.AssertProblemAsync(await _http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/keys", manager.ApiKey,
            JsonContent.Create(new { name = "bad", scopes = new[] { "root" } })), HttpStatusCode.BadRequest, "scopes");

        var created = await _http.SendWithKeyAsync(HttpMethod.Post, "/api/v1/admin/keys", manager.ApiKey,
            JsonContent.Create(new { name = "auditor", scopes = new[] { "audit" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("apiKey").GetString()!;
        var keyId = body.GetProperty("keyId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit", key)).StatusCode);

        var listed = await (await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/admin/keys", manager.ApiKey)).Content.ReadAsStringAsync();
        Assert.Contains(keyId, listed);
        Assert.DoesNotContain(key.Split('_', 3)[2], listed);

        var revoked = await _http.SendWithKeyAsync(HttpMethod.Delete, $"/api/v1/admin/keys/{keyId}", manager.ApiKey);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revokedAt").ValueKind);
        await AssertNamesScopeAsync(await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit", key), HttpStatusCode.Unauthorized, "audit");
        await ApiClient.AssertProblemAsync(await _http.SendWithKeyAsync(HttpMethod.Delete, "/api/v1/admin/keys/ffffffffffffffff", manager.ApiKey),
            HttpStatusCode.NotFound, "keyId");

        var audit = await (await _http.SendWithKeyAsync(HttpMethod.Get, "/api/v1/audit?limit=500", manager.ApiKey)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "admin-key.revoked"
            && e.GetProperty("actor").GetString() == $"admin-key:{manager.KeyId}" && e.GetProperty("details").GetString()!.Contains(keyId));
    }

    [Fact]
    public async Task The_openapi_document_declares_the_schemes_and_each_routes_requirement()
    {
        var doc = await new ApiClient(_http).GetJsonAsync("/swagger/v1/swagger.json");
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        foreach (var scheme in AdminScopes.All.Select(SecurityOperationFilter.SchemeOf).Append(SecurityOperationFilter.AccountKeyScheme))
            Assert.Equal("bearer", schemes.GetProperty(scheme).GetProperty("scheme").GetString());

        static List<string> Ways(JsonElement operation) => operation.TryGetProperty("security", out var security)
            ? security.EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Name).SingleOrDefault() ?? "none").ToList()
            : [];
        var paths = doc.GetProperty("paths");
        Assert.Equal(["admin-audit"], Ways(paths.GetProperty("/api/v1/audit").GetProperty("get")));
        Assert.Equal("audit", paths.GetProperty("/api/v1/audit").GetProperty("get").GetProperty("x-required-scope").GetString());
        Assert.Equal(["admin-keys"], Ways(paths.GetProperty("/api/v1/admin/keys").GetProperty("post")));
        Assert.Equal(["admin-works-create", "accountKey", "none"], Ways(paths.GetProperty("/api/v1/works").GetProperty("post")));
        Assert.Equal(["accountKey", "none"], Ways(paths.GetProperty("/api/v1/works/{tokenId}/transfers").GetProperty("post")));
        Assert.Equal(["admin-accounts-create", "none"], Ways(paths.GetProperty("/api/v1/accounts").GetProperty("post")));
        Assert.Equal(["accountKey"], Ways(paths.GetProperty("/api/v1/accounts/{address}/keys").GetProperty("post")));
        Assert.Empty(Ways(paths.GetProperty("/api/v1/works/{tokenId}").GetProperty("get"))); // public
        foreach (var status in new[] { "401", "403" })
            Assert.True(paths.GetProperty("/api/v1/audit").GetProperty("get").GetProperty("responses").TryGetProperty(status, out _));
    }
}
