using System.Net;
using System.Net.Http.Json;
using System.Text;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Works;

/// <summary>Malformed ids and hashes on every read route are 400 problems naming the parameter; unknown ones are 404.</summary>
[Collection(ChainCollection.Name)]
public sealed class ReadRouteInputTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Theory]
    [InlineData("/api/v1/works/abc", "tokenId")]
    [InlineData("/api/v1/works/0", "tokenId")]
    [InlineData("/api/v1/works/-3", "tokenId")]
    [InlineData("/api/v1/works/1.5/content", "tokenId")]
    [InlineData("/api/v1/metadata/x", "tokenId")]
    [InlineData("/api/v1/works/99999999999999999999999/provenance", "tokenId")]
    [InlineData("/api/v1/verifications/0x1234", "contentHash")]
    [InlineData("/api/v1/verifications/not-a-hash", "contentHash")]
    public async Task Malformed_path_parameters_are_400(string path, string field) =>
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync(path), HttpStatusCode.BadRequest, field);

    [Theory]
    [InlineData("/api/v1/works/987654")]
    [InlineData("/api/v1/works/987654/content")]
    [InlineData("/api/v1/works/987654/provenance")]
    [InlineData("/api/v1/metadata/987654")]
    public async Task Unknown_tokens_are_404(string path) =>
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync(path), HttpStatusCode.NotFound, "tokenId");

    [Fact]
    public async Task An_unregistered_hash_answers_200_with_nulls()
    {
        var hash = ApiClient.HashOf(ApiClient.RandomFile());
        var result = await _api.GetJsonAsync($"/api/v1/verifications/{hash.ToUpperInvariant().Replace("0X", "0x")}");
        Assert.False(result.GetProperty("registered").GetBoolean());
        Assert.Equal(hash, result.GetProperty("contentHash").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("owner").ValueKind);
    }

    [Fact]
    public async Task Verification_by_file_needs_a_multipart_file()
    {
        var noFile = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsync("/api/v1/verifications", noFile), HttpStatusCode.BadRequest, "file");
        var json = new StringContent("{}", Encoding.UTF8, "application/json");
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsync("/api/v1/verifications", json), HttpStatusCode.UnsupportedMediaType, "contentType");
        var tooLarge = ApiClient.WorkForm(new byte[1024 * 1024 + 1], new Dictionary<string, string?>());
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsync("/api/v1/verifications", tooLarge), HttpStatusCode.RequestEntityTooLarge, "file");
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"   \"}", "name")]
    [InlineData("{\"name\":42}", "name")]
    [InlineData("{\"name\":", "body")]
    public async Task Bad_account_requests_are_400_naming_the_field(string json, string field) =>
        await ApiClient.AssertProblemAsync(
            await _api.Http.PostAsync("/api/v1/accounts", new StringContent(json, Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task An_account_request_that_is_not_json_is_415_naming_the_content_type() =>
        await ApiClient.AssertProblemAsync(
            await _api.Http.PostAsync("/api/v1/accounts", new StringContent("name=Ada", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType, "contentType");

    [Fact]
    public async Task An_account_name_over_100_characters_is_refused() =>
        await ApiClient.AssertProblemAsync(
            await _api.Http.PostAsJsonAsync("/api/v1/accounts", new { name = new string('n', 101) }), HttpStatusCode.BadRequest, "name");
}
