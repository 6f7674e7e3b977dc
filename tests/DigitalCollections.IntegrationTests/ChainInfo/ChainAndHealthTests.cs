using System.Net;
using System.Numerics;
using System.Text.Json;
using DigitalCollections.Api.Chain;
using DigitalCollections.IntegrationTests.Infrastructure;
using Nethereum.Web3;

namespace DigitalCollections.IntegrationTests.ChainInfo;

[Collection(ChainCollection.Name)]
public sealed class ChainAndHealthTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());

    [Fact]
    public async Task Chain_info_gives_what_a_client_needs_to_sign()
    {
        var deployment = JsonDocument.Parse(await File.ReadAllTextAsync(fixture.Node.DeploymentFile)).RootElement;
        var chain = await _api.GetJsonAsync("/api/v1/chain");
        Assert.Equal(31337, chain.GetProperty("chainId").GetInt64());
        Assert.Equal(deployment.GetProperty("contractAddress").GetString(), chain.GetProperty("contractAddress").GetString(), ignoreCase: true);
        Assert.Equal(deployment.GetProperty("relayers")[0].GetString(), chain.GetProperty("relayer").GetString(), ignoreCase: true);
        Assert.True(chain.GetProperty("blockNumber").GetInt64() >= deployment.GetProperty("deployBlock").GetInt64());
        var domain = chain.GetProperty("eip712Domain");
        Assert.Equal("1", domain.GetProperty("version").GetString());
        Assert.Equal(31337, domain.GetProperty("chainId").GetInt64());
        Assert.Equal(deployment.GetProperty("name").GetString(), domain.GetProperty("name").GetString());
        var mintTypes = chain.GetProperty("eip712Types").GetProperty("MintAuthorization").EnumerateArray()
            .Select(m => $"{m.GetProperty("type").GetString()} {m.GetProperty("name").GetString()}");
        Assert.Equal("address creator,address to,bytes32 contentHash,uint96 royaltyBps,uint256 deadline", string.Join(",", mintTypes));
    }

    [Fact]
    public async Task The_digest_the_api_computes_is_the_one_the_contract_computes()
    {
        var domain = await _api.DomainAsync();
        var mint = new MintAuthorization
        {
            Creator = TestAccount.Alice.Address, To = TestAccount.Bob.Address,
            ContentHash = Formats.ToHex(System.Security.Cryptography.SHA256.HashData("hello"u8.ToArray())), RoyaltyBps = 750, Deadline = 1_900_000_000,
        };
        var transfer = new TransferAuthorization
        {
            From = TestAccount.Alice.Address, To = TestAccount.Carol.Address, TokenId = 42, Nonce = 7, Deadline = 1_900_000_001,
        };
        var web3 = new Web3(fixture.Node.RpcUrl);
        var onChainMint = await web3.Eth.GetContractQueryHandler<HashMintAuthorizationFunction>()
            .QueryAsync<byte[]>(domain.VerifyingContract, new HashMintAuthorizationFunction { Auth = MintAuthorizationAbi.Of(mint) });
        var onChainTransfer = await web3.Eth.GetContractQueryHandler<HashTransferAuthorizationFunction>()
            .QueryAsync<byte[]>(domain.VerifyingContract, new HashTransferAuthorizationFunction { Auth = TransferAuthorizationAbi.Of(transfer) });
        Assert.Equal(Formats.ToHex(onChainMint), Formats.ToHex(AuthorizationSigning.Digest(mint, domain)));
        Assert.Equal(Formats.ToHex(onChainTransfer), Formats.ToHex(AuthorizationSigning.Digest(transfer, domain)));
    }

    [Fact]
    public async Task Live_and_ready_answer_ok_with_a_running_chain()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.GetAsync("/health/live")).StatusCode);
        var ready = await _api.Http.GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_lists_every_route_with_its_problems()
    {
        var doc = await _api.GetJsonAsync("/swagger/v1/swagger.json");
        var paths = doc.GetProperty("paths");
        foreach (var (path, method) in new[]
                 {
                     ("/api/v1/works", "post"), ("/api/v1/works/{tokenId}", "get"), ("/api/v1/works/{tokenId}/content", "get"),
                     ("/api/v1/metadata/{tokenId}", "get"), ("/api/v1/works/{tokenId}/provenance", "get"),
                     ("/api/v1/works/{tokenId}/transfers", "post"), ("/api/v1/verifications", "post"),
                     ("/api/v1/verifications/{contentHash}", "get"), ("/api/v1/accounts", "post"), ("/api/v1/chain", "get"),
                     ("/api/v1/transactions/{id}", "get"),
                 })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing path {path}");
            Assert.True(item.TryGetProperty(method, out var operation), $"missing {method} {path}");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2')), $"{path} declares no success response");
            if (path != "/api/v1/chain")
                Assert.True(responses.TryGetProperty("400", out var bad) && bad.GetProperty("content").TryGetProperty("application/problem+json", out _),
                    $"{path} declares no 400 problem");
        }
        var register = paths.GetProperty("/api/v1/works").GetProperty("post");
        Assert.True(register.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        foreach (var write in new[] { register, paths.GetProperty("/api/v1/works/{tokenId}/transfers").GetProperty("post") })
        {
            var headers = write.GetProperty("parameters").EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Contains("Idempotency-Key", headers);
            Assert.Contains("Prefer", headers);
            Assert.True(write.GetProperty("responses").TryGetProperty("202", out _), "writes declare 202 Accepted");
            Assert.True(write.GetProperty("responses").TryGetProperty("422", out _), "writes declare 422 for a reused key");
        }
        foreach (var api in paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/")).SelectMany(p => p.Value.EnumerateObject()))
        {
            Assert.True(api.Value.GetProperty("responses").TryGetProperty("429", out var limited), $"{api.Name} declares no 429");
            Assert.True(limited.GetProperty("headers").TryGetProperty("Retry-After", out _), $"{api.Name}'s 429 declares no Retry-After");
        }
        foreach (var health in new[] { "/health/live", "/health/ready" })
        {
            var responses = paths.GetProperty(health).GetProperty("get").GetProperty("responses");
            foreach (var status in new[] { "200", "503" })
                Assert.EndsWith("/HealthReportView", responses.GetProperty(status).GetProperty("content").GetProperty("application/json")
                    .GetProperty("schema").GetProperty("$ref").GetString());
        }
        foreach (var (path, method) in new[] { ("/api/v1/accounts", "post"), ("/api/v1/works/{tokenId}/transfers", "post") })
            Assert.True(paths.GetProperty(path).GetProperty(method).GetProperty("responses").TryGetProperty("415", out _), $"{path} declares no 415");
        Assert.False(paths.GetProperty("/api/v1/works/{tokenId}").GetProperty("get").TryGetProperty("parameters", out var readParameters)
            && readParameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key"));
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.GetAsync("/swagger/index.html")).StatusCode);
    }
}

/// <summary>The API against a chain that is not there: unready, and 503 problems instead of errors.</summary>
public sealed class UnreachableChainTests : IAsyncLifetime
{
    private string _work = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _work = Directory.CreateTempSubdirectory("dc-it-down-").FullName;
        var deployment = Path.Combine(_work, "deployment.json");
        await File.WriteAllTextAsync(deployment, """
            {"chainId":31337,"contractAddress":"0x5FbDB2315678afecb367f032d93F642f64180aa3","deployBlock":1,
             "genesisHash":"0x0000000000000000000000000000000000000000000000000000000000000001","relayers":[]}
            """);
        // Port 9 (discard) on loopback: nothing listens there.
        _api = new ApiFactory("http://127.0.0.1:9", deployment, Path.Combine(_work, "data"));
    }

    [Fact]
    public async Task Readiness_fails_and_chain_reads_are_503_problems()
    {
        var http = _api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("unreachable", await ready.Content.ReadAsStringAsync());
        await ApiClient.AssertProblemAsync(await http.GetAsync($"/api/v1/verifications/0x{new string('a', 64)}"), HttpStatusCode.ServiceUnavailable, null);
        await ApiClient.AssertProblemAsync(await http.GetAsync("/api/v1/works/1"), HttpStatusCode.ServiceUnavailable, null);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await TestStore.DropUnderAsync(_work);
        try { Directory.Delete(_work, true); } catch (IOException) { }
    }
}
