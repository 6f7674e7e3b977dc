using System.Net;
using System.Net.Http.Json;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalCollections.IntegrationTests.Idempotency;

[Collection(ChainCollection.Name)]
public sealed class IdempotencyKeyTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    private static HttpRequestMessage Mint(MultipartFormDataContent form, string key, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works") { Content = form };
        request.Headers.Add(IdempotencyMiddleware.Header, key);
        if (apiKey is not null) request.Headers.Authorization = new("Bearer", apiKey);
        return request;
    }

    private static MultipartFormDataContent Form(byte[] file, string title) =>
        ApiClient.WorkForm(file, new Dictionary<string, string?> { ["title"] = title });

    [Fact]
    public async Task The_same_key_and_request_replay_the_first_answer_byte_for_byte_and_send_nothing()
    {
        var (_, apiKey) = await _api.CreateAccountAsync();
        var file = ApiClient.RandomFile();
        var key = Guid.NewGuid().ToString();

        var first = await _api.Http.SendAsync(Mint(Form(file, "Once"), key, apiKey));
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var before = await ChainState.CaptureAsync(fixture);
        // A new multipart body (new random boundary) with the same fields and bytes is the same request.
        var retry = await _api.Http.SendAsync(Mint(Form(file, "Once"), key, apiKey));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_422()
    {
        var (_, apiKey) = await _api.CreateAccountAsync();
        var key = Guid.NewGuid().ToString();
        var first = await _api.Http.SendAsync(Mint(Form(ApiClient.RandomFile(), "First"), key, apiKey));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var before = await ChainState.CaptureAsync(fixture);
        var other = await _api.Http.SendAsync(Mint(Form(ApiClient.RandomFile(), "Other"), key, apiKey));
        await ApiClient.AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity, "idempotencyKey");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task A_key_whose_first_request_is_still_running_is_409()
    {
        var (_, apiKey) = await _api.CreateAccountAsync();
        var file = ApiClient.RandomFile();
        var key = Guid.NewGuid().ToString();
        // Learn the scope and fingerprint from a completed request, then mark the record as still running.
        Assert.Equal(HttpStatusCode.Created, (await _api.Http.SendAsync(Mint(Form(file, "Slow"), key, apiKey))).StatusCode);
        using (var scope = fixture.Api.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var record = db.IdempotencyRecords.Single(r => r.Key == key);
            record.Completed = false;
            await db.SaveChangesAsync();
        }
        var retry = await _api.Http.SendAsync(Mint(Form(file, "Slow"), key, apiKey));
        await ApiClient.AssertProblemAsync(retry, HttpStatusCode.Conflict, "idempotencyKey");
    }

    [Fact]
    public async Task A_refused_request_releases_its_key_and_transfers_are_idempotent_too()
    {
        var (_, apiKey) = await _api.CreateAccountAsync();
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintCustodialAsync(apiKey, ApiClient.RandomFile()));
        var key = Guid.NewGuid().ToString();

        HttpRequestMessage Transfer(string to)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{tokenId}/transfers") { Content = JsonContent.Create(new { to }) };
            request.Headers.Add(IdempotencyMiddleware.Header, key);
            request.Headers.Authorization = new("Bearer", apiKey);
            return request;
        }

        // A refusal (bad address) keeps nothing: the key is free again.
        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(Transfer("nobody")), HttpStatusCode.BadRequest, "to");
        var first = await _api.Http.SendAsync(Transfer(TestAccount.Bob.Address));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await ChainState.CaptureAsync(fixture);
        var again = await _api.Http.SendAsync(Transfer(TestAccount.Bob.Address));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task An_unusable_key_is_400()
    {
        var (_, apiKey) = await _api.CreateAccountAsync();
        var response = await _api.Http.SendAsync(Mint(Form(ApiClient.RandomFile(), "T"), new string('k', 201), apiKey));
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "idempotencyKey");
    }

    [Fact]
    public async Task Keys_are_kept_for_their_retention_then_swept_and_an_expired_key_runs_again()
    {
        var (_, apiKey) = await _api.CreateAccountAsync();
        var file = ApiClient.RandomFile();
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await _api.Http.SendAsync(Mint(Form(file, "Kept"), key, apiKey))).StatusCode);

        using var scope = fixture.Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = db.IdempotencyRecords.Single(r => r.Key == key);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(record.ExpiresAtUnix - now, 24 * 3600 - 60, 24 * 3600 + 60); // the default: a day

        var sweeper = fixture.Api.Services.GetRequiredService<IdempotencyKeySweeper>();
        await sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.True(db.IdempotencyRecords.AsNoTracking().Any(r => r.Key == key), "a key inside its retention survives the sweep");

        // Past its retention, before a sweep: the key is free again, so a different request with it runs (not 422).
        record.ExpiresAtUnix = now - 1;
        db.SaveChanges();
        var other = await _api.Http.SendAsync(Mint(Form(ApiClient.RandomFile(), "Other"), key, apiKey));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));

        // And the sweep removes expired answered keys and keys "in flight" for over an hour (their process died),
        // not live ones and not a request that started a minute ago.
        var day = 24 * 3600;
        var stale = new IdempotencyRecord { Scope = "test", Key = "stale", RequestHash = "x", Completed = true, ExpiresAtUnix = now - 10 };
        var running = new IdempotencyRecord { Scope = "test", Key = "running", RequestHash = "x", Completed = false, ExpiresAtUnix = now + day - 60 };
        var abandoned = new IdempotencyRecord { Scope = "test", Key = "abandoned", RequestHash = "x", Completed = false, ExpiresAtUnix = now + day - 7200 };
        db.IdempotencyRecords.AddRange(stale, running, abandoned);
        db.SaveChanges();
        Assert.True(await sweeper.SweepOnceAsync(CancellationToken.None) >= 2);
        var left = db.IdempotencyRecords.AsNoTracking().Where(r => r.Scope == "test").Select(r => r.Key).ToList();
        Assert.Equal(["running"], left);
        Assert.True(db.IdempotencyRecords.AsNoTracking().Any(r => r.Key == key));
        db.IdempotencyRecords.Remove(db.IdempotencyRecords.Single(r => r.Key == "running"));
        db.SaveChanges();
    }
}
