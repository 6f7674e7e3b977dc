using System.Net;
using System.Net.Http.Json;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigitalCollections.IntegrationTests.RateLimiting;

/// <summary>
/// Small limits, so a burst past them is quick. Each test starts its own API (in-process: every request comes from
/// the same client address), which is why they live with the other tests that do.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RateLimitTests(PipelineFixture fixture)
{
    private ApiFactory Start(params (string Key, string Value)[] settings) =>
        new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, fixture.NewDataDirectory(), settings.ToDictionary(s => s.Key, s => s.Value));

    private static string MadeUpKey(char filler) => "dck_0123456789abcdef_" + new string(filler, 43);

    /// <summary>A 429 problem of type rate-limited whose Retry-After (1–60 s) the body repeats.</summary>
    private static async Task AssertRateLimitedAsync(HttpResponseMessage response, string policy)
    {
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, null);
        Assert.Equal("urn:digitalcollections:problem:rate-limited", problem.GetProperty("type").GetString());
        Assert.Equal(policy, problem.GetProperty("policy").GetString());
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter), 1, 60);
        Assert.Equal(int.Parse(retryAfter), problem.GetProperty("retryAfterSeconds").GetInt32());
    }

    [Fact]
    public async Task Account_creation_past_the_limit_is_429_with_retry_after_and_stores_nothing()
    {
        await using var factory = Start(("RateLimits:Accounts:PermitsPerMinute", "3"));
        var api = new ApiClient(factory.CreateClient());

        for (var i = 0; i < 3; i++) await api.CreateAccountAsync($"Within {i}"); // asserts 201
        var refused = await api.Http.PostAsJsonAsync("/api/v1/accounts", new { name = "One too many" });
        await AssertRateLimitedAsync(refused, "accounts");

        await using (var db = TestStore.Open(factory.DataDirectory))
            Assert.Equal(3, await db.Accounts.CountAsync());
        // Other kinds of request have budgets of their own.
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/api/v1/chain")).StatusCode);
    }

    [Fact]
    public async Task Writes_past_the_limit_are_429_and_leave_no_idempotency_key_behind()
    {
        await using var factory = Start(("RateLimits:Writes:PermitsPerMinute", "2"));
        var api = new ApiClient(factory.CreateClient());
        var works = await fixture.TotalWorksAsync();

        var first = await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Within 1"));
        await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Within 2"));

        var file = ApiClient.RandomFile();
        var deadline = ApiClient.InOneHour;
        using var mint = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?>
            {
                ["title"] = "One too many", ["creator"] = TestAccount.Alice.Address, ["deadline"] = deadline.ToString(),
                ["signature"] = await api.SignMintAsync(TestAccount.Alice, file, deadline: deadline),
            }),
        };
        mint.Headers.Add(IdempotencyMiddleware.Header, "refused-by-the-limit");
        await AssertRateLimitedAsync(await api.Http.SendAsync(mint), "writes");
        // Transfers share the writes' budget.
        await AssertRateLimitedAsync(await api.Http.PostAsJsonAsync($"/api/v1/works/{first}/transfers", new { to = TestAccount.Bob.Address }), "writes");

        Assert.Equal(works + 2, await fixture.TotalWorksAsync());
        await using var db = TestStore.Open(factory.DataDirectory);
        Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.Key == "refused-by-the-limit"));
    }

    [Fact]
    public async Task Each_api_key_has_its_own_write_budget_and_keys_from_one_address_share_a_ceiling()
    {
        await using var factory = Start(("RateLimits:Writes:PermitsPerMinute", "1"), ("RateLimits:Writes:AddressPermitsPerMinute", "3"));
        var api = new ApiClient(factory.CreateClient());
        var (_, first) = await api.CreateAccountAsync("First");
        var (_, second) = await api.CreateAccountAsync("Second");

        // The address's ceiling counts the keyed writes that their own budget let through.
        await api.MintedTokenIdAsync(await api.MintCustodialAsync(first, ApiClient.RandomFile()));                 // 1
        await AssertRateLimitedAsync(await api.MintCustodialAsync(first, ApiClient.RandomFile()), "writes");      // its budget is spent
        await api.MintedTokenIdAsync(await api.MintCustodialAsync(second, ApiClient.RandomFile()));                // 2: another key, another budget
        // A made-up key is a fresh budget of its own (and then a 401), but it counts against the ceiling...
        await ApiClient.AssertProblemAsync(await api.MintCustodialAsync(MadeUpKey('x'), ApiClient.RandomFile()), HttpStatusCode.Unauthorized, "authorization"); // 3
        // ...which stops the next one.
        await AssertRateLimitedAsync(await api.MintCustodialAsync(MadeUpKey('y'), ApiClient.RandomFile()), "writes");
        // A write without a key counts against the address's own budget, not the keyed ceiling.
        await api.MintedTokenIdAsync(await api.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile()));
    }

    [Fact]
    public async Task Reads_past_the_limit_are_429_and_a_made_up_key_is_no_new_budget_while_health_is_never_limited()
    {
        await using var factory = Start(("RateLimits:Reads:PermitsPerMinute", "5"));
        var api = new ApiClient(factory.CreateClient());
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/transactions/{Guid.NewGuid()}")).StatusCode);

        await AssertRateLimitedAsync(await api.Http.GetAsync($"/api/v1/transactions/{Guid.NewGuid()}"), "reads");
        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/works/1");
        keyed.Headers.Authorization = new("Bearer", MadeUpKey('y'));
        await AssertRateLimitedAsync(await api.Http.SendAsync(keyed), "reads");

        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/swagger/v1/swagger.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task With_the_limits_off_nothing_is_refused()
    {
        await using var factory = Start(("RateLimits:Enabled", "false"), ("RateLimits:Accounts:PermitsPerMinute", "1"));
        var api = new ApiClient(factory.CreateClient());
        for (var i = 0; i < 3; i++) await api.CreateAccountAsync($"Unlimited {i}");
    }

    [Fact]
    public async Task A_limit_below_one_stops_the_start_with_a_message_naming_the_setting()
    {
        await using var factory = Start(("RateLimits:Reads:PermitsPerMinute", "0"));
        var failure = Assert.Throws<OptionsValidationException>(() => factory.Server);
        Assert.Contains("RateLimits:Accounts/Writes/Reads:PermitsPerMinute", failure.Message);
    }

    [Fact]
    public async Task Every_api_route_counts_against_a_limit_and_health_routes_against_none()
    {
        await using var factory = Start();
        _ = factory.Server;
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method =>
                (Route: $"{method} {e.RoutePattern.RawText}", Policy: e.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName)))
            .ToDictionary(r => r.Route, r => r.Policy);

        Assert.Contains("GET /api/v1/works/{tokenId}", routes.Keys);
        Assert.All(routes.Where(r => r.Key.Contains(" /api/")), r => Assert.True(r.Value is "accounts" or "writes" or "reads", $"{r.Key} has no rate limit"));
        Assert.All(routes.Where(r => r.Key.Contains(" /health/")), r => Assert.Null(r.Value));
        Assert.Equal("accounts", routes["POST /api/v1/accounts"]);
        Assert.Equal("writes", routes["POST /api/v1/works"]);
        Assert.Equal("writes", routes["POST /api/v1/works/{tokenId}/transfers"]);
        Assert.Equal("reads", routes["POST /api/v1/verifications"]);
    }
}
