using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Works;

/// <summary>Every refused mint is a 4xx problem naming the field, and leaves chain, files and gas untouched.</summary>
[Collection(ChainCollection.Name)]
public sealed class RegisterWorkRefusalTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Fact]
    public async Task The_same_bytes_again_are_409_with_the_existing_token_and_send_nothing()
    {
        var file = ApiClient.RandomFile();
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Alice, file));

        var before = await ChainState.CaptureAsync(fixture);
        var again = await _api.MintSelfSignedAsync(TestAccount.Bob, file, "Copy");
        var problem = await ApiClient.AssertProblemAsync(again, HttpStatusCode.Conflict, "file");
        Assert.Equal(tokenId, problem.GetProperty("tokenId").GetInt64());
        Assert.Equal(ApiClient.HashOf(file), problem.GetProperty("contentHash").GetString());
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task A_signature_by_someone_other_than_the_creator_is_403_and_sends_nothing()
    {
        var file = ApiClient.RandomFile();
        var deadline = ApiClient.InOneHour;
        // Bob signs an authorisation that names Alice as creator.
        var forged = AuthorizationSigning.Sign(new MintAuthorization
        {
            Creator = TestAccount.Alice.Address, To = TestAccount.Alice.Address,
            ContentHash = Formats.ToHex(System.Security.Cryptography.SHA256.HashData(file)), RoyaltyBps = 0, Deadline = deadline,
        }, await _api.DomainAsync(), TestAccount.Bob.PrivateKey);

        var before = await ChainState.CaptureAsync(fixture);
        var response = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "Forged", ["creator"] = TestAccount.Alice.Address, ["deadline"] = deadline.ToString(), ["signature"] = forged,
        }));
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, "signature");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
        var check = await _api.GetJsonAsync($"/api/v1/verifications/{ApiClient.HashOf(file)}");
        Assert.False(check.GetProperty("registered").GetBoolean());
    }

    [Fact]
    public async Task A_signature_for_another_chain_or_for_other_terms_is_403()
    {
        var file = ApiClient.RandomFile();
        var domain = await _api.DomainAsync();
        var deadline = ApiClient.InOneHour;
        var otherChain = await _api.SignMintAsync(TestAccount.Alice, file, deadline: deadline, domain: domain with { ChainId = 1 });
        // Signed with royalty 0, submitted with royalty 900: the signature does not cover the request.
        var otherTerms = await _api.SignMintAsync(TestAccount.Alice, file, deadline: deadline, domain: domain);

        var before = await ChainState.CaptureAsync(fixture);
        foreach (var (signature, royalty) in new[] { (otherChain, "0"), (otherTerms, "900") })
        {
            var response = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
            {
                ["title"] = "T", ["creator"] = TestAccount.Alice.Address, ["deadline"] = deadline.ToString(),
                ["signature"] = signature, ["royaltyBps"] = royalty,
            }));
            await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, "signature");
        }
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Theory]
    [InlineData("05")] // v out of range
    [InlineData("1d")] // v = 29
    public async Task A_well_formed_but_impossible_signature_is_403_not_an_error(string v)
    {
        var file = ApiClient.RandomFile();
        var deadline = ApiClient.InOneHour;
        var signature = (await _api.SignMintAsync(TestAccount.Alice, file, deadline: deadline))[..^2] + v;
        var before = await ChainState.CaptureAsync(fixture);
        var response = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "T", ["creator"] = TestAccount.Alice.Address, ["deadline"] = deadline.ToString(), ["signature"] = signature,
        }));
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, "signature");
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    public static TheoryData<string, string, Dictionary<string, string?>> BadForms => new()
    {
        { "no title", "title", new() { ["title"] = null } },
        { "title of 201 characters", "title", new() { ["title"] = new string('t', 201) } },
        { "description of 5001 characters", "description", new() { ["description"] = new string('d', 5001) } },
        { "royalty above 10%", "royaltyBps", new() { ["royaltyBps"] = "1001" } },
        { "negative royalty", "royaltyBps", new() { ["royaltyBps"] = "-1" } },
        { "royalty not a number", "royaltyBps", new() { ["royaltyBps"] = "ten" } },
        { "creator not an address", "creator", new() { ["creator"] = "0x1234" } },
        { "no creator and no api key", "creator", new() { ["creator"] = null } },
        { "to not an address", "to", new() { ["to"] = "bob" } },
        { "to the zero address", "to", new() { ["to"] = Formats.ZeroAddress } },
        { "deadline passed", "deadline", new() { ["deadline"] = "1000" } },
        { "deadline not a number", "deadline", new() { ["deadline"] = "tomorrow" } },
        { "no signature", "signature", new() { ["signature"] = null } },
        { "signature not hex", "signature", new() { ["signature"] = "0xzz" } },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task Bad_form_input_is_400_naming_the_field_and_changes_nothing(string _, string field, Dictionary<string, string?> overrides)
    {
        var file = ApiClient.RandomFile();
        var deadline = ApiClient.InOneHour;
        var fields = new Dictionary<string, string?>
        {
            ["title"] = "Valid title",
            ["description"] = "ok",
            ["royaltyBps"] = "100",
            ["creator"] = TestAccount.Alice.Address,
            ["deadline"] = deadline.ToString(),
            ["signature"] = await _api.SignMintAsync(TestAccount.Alice, file, royaltyBps: 100, deadline: deadline),
        };
        foreach (var (key, value) in overrides) fields[key] = value;

        var before = await ChainState.CaptureAsync(fixture);
        var response = await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, fields));
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task Missing_empty_oversized_or_non_multipart_uploads_are_refused_by_field()
    {
        var before = await ChainState.CaptureAsync(fixture);
        var fields = new Dictionary<string, string?>
        {
            ["title"] = "T", ["creator"] = TestAccount.Alice.Address,
            ["deadline"] = ApiClient.InOneHour.ToString(), ["signature"] = "0x" + new string('1', 130)
        };

        var noFile = new MultipartFormDataContent { { new StringContent("T"), "title" } };
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsync("/api/v1/works", noFile), HttpStatusCode.BadRequest, "file");

        await ApiClient.AssertProblemAsync(await _api.Http.PostAsync("/api/v1/works", ApiClient.WorkForm([], fields)),
            HttpStatusCode.BadRequest, "file");

        // The test host allows 1 MiB uploads.
        var tooLarge = ApiClient.WorkForm(new byte[1024 * 1024 + 1], fields);
        await ApiClient.AssertProblemAsync(await _api.Http.PostAsync("/api/v1/works", tooLarge), HttpStatusCode.RequestEntityTooLarge, "file");

        var json = await _api.Http.PostAsync("/api/v1/works", new StringContent("{\"title\":\"T\"}", Encoding.UTF8, "application/json"));
        await ApiClient.AssertProblemAsync(json, HttpStatusCode.UnsupportedMediaType, "contentType");

        Assert.Equal(before, await ChainState.CaptureAsync(fixture));
    }

    [Fact]
    public async Task A_signature_together_with_an_api_key_is_ambiguous_and_refused()
    {
        var (_, apiKey) = await _api.CreateAccountAsync();
        var file = ApiClient.RandomFile();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = ApiClient.WorkForm(file, new Dictionary<string, string?> { ["title"] = "T", ["signature"] = "0x" + new string('1', 130) }),
        };
        request.Headers.Authorization = new("Bearer", apiKey);
        await ApiClient.AssertProblemAsync(await _api.Http.SendAsync(request), HttpStatusCode.BadRequest, "signature");
    }
}
