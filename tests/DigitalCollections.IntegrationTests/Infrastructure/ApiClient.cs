using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using DigitalCollections.Api.Chain;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>Calls the API the way a client would: multipart uploads, JSON bodies, EIP-712 signatures.</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static byte[] RandomFile(int size = 2048) => RandomNumberGenerator.GetBytes(size);

    public static string HashOf(byte[] bytes) => Formats.ToHex(SHA256.HashData(bytes));

    public static long InOneHour => DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

    public async Task<SigningDomain> DomainAsync()
    {
        var chain = await Http.GetFromJsonAsync<JsonElement>("/api/v1/chain");
        var d = chain.GetProperty("eip712Domain");
        return new SigningDomain(d.GetProperty("name").GetString()!, d.GetProperty("version").GetString()!,
            d.GetProperty("chainId").GetInt64(), d.GetProperty("verifyingContract").GetString()!);
    }

    public async Task<string> SignMintAsync(TestAccount creator, byte[] file, string? to = null, int royaltyBps = 0, long? deadline = null, SigningDomain? domain = null) =>
        AuthorizationSigning.Sign(new MintAuthorization
        {
            Creator = creator.Address,
            To = to ?? creator.Address,
            ContentHash = Formats.ToHex(SHA256.HashData(file)),
            RoyaltyBps = royaltyBps,
            Deadline = deadline ?? InOneHour,
        }, domain ?? await DomainAsync(), creator.PrivateKey);

    public async Task<string> SignTransferAsync(TestAccount owner, long tokenId, string to, long nonce, long deadline, SigningDomain? domain = null) =>
        AuthorizationSigning.Sign(new TransferAuthorization
        {
            From = owner.Address, To = to, TokenId = tokenId, Nonce = nonce, Deadline = deadline,
        }, domain ?? await DomainAsync(), owner.PrivateKey);

    public static MultipartFormDataContent WorkForm(byte[] file, IDictionary<string, string?> fields, string fileName = "work.png", string contentType = "image/png")
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        foreach (var (name, value) in fields)
            if (value is not null) form.Add(new StringContent(value), name);
        return form;
    }

    /// <summary>A self-signed mint by <paramref name="creator"/>.</summary>
    public async Task<HttpResponseMessage> MintSelfSignedAsync(TestAccount creator, byte[] file, string title = "A work", int royaltyBps = 0, string? to = null,
        IReadOnlyDictionary<string, string?>? extra = null, string fileName = "work.png", string contentType = "image/png")
    {
        var deadline = InOneHour;
        var signature = await SignMintAsync(creator, file, to, royaltyBps, deadline);
        var fields = new Dictionary<string, string?>
        {
            ["title"] = title,
            ["description"] = "Made for a test",
            ["royaltyBps"] = royaltyBps.ToString(),
            ["creator"] = creator.Address,
            ["to"] = to,
            ["deadline"] = deadline.ToString(),
            ["signature"] = signature,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>()) fields[name] = value;
        return await Http.PostAsync("/api/v1/works", WorkForm(file, fields, fileName, contentType));
    }

    public async Task<HttpResponseMessage> MintCustodialAsync(string apiKey, byte[] file, string title = "A custodial work", int royaltyBps = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works")
        {
            Content = WorkForm(file, new Dictionary<string, string?> { ["title"] = title, ["royaltyBps"] = royaltyBps.ToString() }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await Http.SendAsync(request);
    }

    public async Task<(string Address, string ApiKey)> CreateAccountAsync(string name = "Test creator")
    {
        var response = await Http.PostAsJsonAsync("/api/v1/accounts", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("address").GetString()!, body.GetProperty("apiKey").GetString()!);
    }

    public async Task<HttpResponseMessage> TransferCustodialAsync(string apiKey, long tokenId, string to)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{tokenId}/transfers")
        {
            Content = JsonContent.Create(new { to }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await Http.SendAsync(request);
    }

    public async Task<long> MintedTokenIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("tokenId").GetInt64();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a problem detail with the status and the field it names.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:digitalcollections:problem:", problem.GetProperty("type").GetString());
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"the problem does not name field '{field}': {body}");
        }
        return problem;
    }
}
