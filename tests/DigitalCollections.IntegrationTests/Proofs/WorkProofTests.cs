using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Proofs;

/// <summary>GET /api/v1/works/{tokenId}/proof: a bundle that checks against the node's own block hash, at any block.</summary>
[Collection(ChainCollection.Name)]
public sealed class WorkProofTests(ChainFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Api.CreateClient());
    private readonly DirectChain _chain = new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);

    private async Task<(JsonElement Bundle, HttpResponseMessage Response)> ProofAsync(string path)
    {
        var response = await _api.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return (JsonDocument.Parse(body).RootElement.Clone(), response);
    }

    private static void AssertAllHold(List<(string Check, bool Passed)> checks) =>
        Assert.True(checks.All(c => c.Passed), string.Join(", ", checks.Where(c => !c.Passed).Select(c => c.Check)) + " failed");

    [Fact]
    public async Task A_minted_works_bundle_proves_its_facts_against_the_nodes_block_hash()
    {
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Proven", royaltyBps: 250,
            to: TestAccount.Bob.Address));
        var work = await _api.GetJsonAsync($"/api/v1/works/{tokenId}");

        var (bundle, response) = await ProofAsync($"/api/v1/works/{tokenId}/proof");
        Assert.Equal("application/vnd.digitalcollections.proof+json", response.Content.Headers.ContentType?.MediaType);
        var block = bundle.GetProperty("block");
        var blockHash = await _chain.BlockHashAsync(block.GetProperty("number").GetInt64());
        AssertAllHold(ProofBundleChecker.Check(bundle, blockHash));
        // The JavaScript verifier agrees, given the chain id and contract the collector expects.
        var (exit, output) = await NodeProofVerifier.RunAsync(bundle.GetRawText(), blockHash, "--chain-id", "31337",
            "--contract", bundle.GetProperty("contract").GetString()!);
        Assert.True(exit == 0, output);

        var claims = bundle.GetProperty("claims");
        Assert.Equal(tokenId, bundle.GetProperty("tokenId").GetInt64());
        Assert.Equal(work.GetProperty("owner").GetString(), claims.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal(TestAccount.Alice.Address, claims.GetProperty("creator").GetString(), ignoreCase: true);
        Assert.Equal(work.GetProperty("contentHash").GetString(), claims.GetProperty("contentHash").GetString(), ignoreCase: true);
        Assert.Equal(work.GetProperty("registeredAt").GetDateTimeOffset().ToUnixTimeSeconds(), claims.GetProperty("registeredAt").GetInt64());
        Assert.Equal(250, claims.GetProperty("royaltyBps").GetInt32());
        Assert.Equal(31337, bundle.GetProperty("chainId").GetInt64());
    }

    [Fact]
    public async Task A_bundle_at_an_older_block_proves_the_owner_of_that_time()
    {
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Carol, ApiClient.RandomFile(), "Moved"));
        var mintedAt = await _chain.HeadAsync();
        await _chain.TransferFromAsync(TestAccount.Carol, tokenId, TestAccount.Bob.Address);

        var (before, _) = await ProofAsync($"/api/v1/works/{tokenId}/proof?block={mintedAt}");
        Assert.Equal(mintedAt, before.GetProperty("block").GetProperty("number").GetInt64());
        AssertAllHold(ProofBundleChecker.Check(before, await _chain.BlockHashAsync(mintedAt)));
        Assert.Equal(TestAccount.Carol.Address, before.GetProperty("claims").GetProperty("owner").GetString(), ignoreCase: true);

        var (after, _) = await ProofAsync($"/api/v1/works/{tokenId}/proof");
        AssertAllHold(ProofBundleChecker.Check(after, await _chain.BlockHashAsync(after.GetProperty("block").GetProperty("number").GetInt64())));
        Assert.Equal(TestAccount.Bob.Address, after.GetProperty("claims").GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal(1, after.GetProperty("claims").GetProperty("transferNonce").GetInt64());
    }

    [Fact]
    public async Task A_tampered_bundle_fails_the_check_that_covers_the_changed_part()
    {
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), "Tampered"));
        var (bundle, _) = await ProofAsync($"/api/v1/works/{tokenId}/proof");
        var hash = await _chain.BlockHashAsync(bundle.GetProperty("block").GetProperty("number").GetInt64());
        var cases = new (string Check, Action<JsonNode> Tamper)[]
        {
            ("header hash", b => b["block"]!["header"]!["timestamp"] = "0x1"),
            ("account proof", b => b["account"]!["proof"]![0] = Flip(b["account"]!["proof"]![0]!.GetValue<string>())),
            ("account proof", b => b["account"]!["storageHash"] = Flip(b["account"]!["storageHash"]!.GetValue<string>())),
            ("token storage proof", b => b["storage"]![0]!["value"] = "0x1234"),
            ("token slot derivation", b => b["storage"]![0]!["slot"] = Flip(b["storage"]![0]!["slot"]!.GetValue<string>())),
            ("creator", b => b["claims"]!["creator"] = TestAccount.Bob.Address),
            ("owner", b => b["claims"]!["owner"] = TestAccount.Bob.Address),
        };
        foreach (var (check, tamper) in cases)
        {
            var copy = JsonNode.Parse(bundle.GetRawText())!;
            tamper(copy);
            var results = ProofBundleChecker.Check(JsonDocument.Parse(copy.ToJsonString()).RootElement, hash);
            Assert.False(results.First(r => r.Check == check).Passed, $"{check} held after tampering");
        }
        // One tampering through the JavaScript verifier too: it exits 1 and names the check.
        var forged = JsonNode.Parse(bundle.GetRawText())!;
        forged["claims"]!["creator"] = TestAccount.Bob.Address;
        var (exit, output) = await NodeProofVerifier.RunAsync(forged.ToJsonString(), hash);
        Assert.Equal(1, exit);
        Assert.Contains("creator", output);
    }

    [Fact]
    public async Task Unknown_tokens_early_blocks_and_future_blocks_are_refused_by_name()
    {
        var tokenId = await _api.MintedTokenIdAsync(await _api.MintSelfSignedAsync(TestAccount.Bob, ApiClient.RandomFile(), "Late"));
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync("/api/v1/works/987654/proof"), HttpStatusCode.NotFound, "tokenId");
        var early = await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/works/{tokenId}/proof?block=1"), HttpStatusCode.NotFound, "block");
        Assert.Contains("not registered yet", early.GetProperty("detail").GetString());
        var head = await _chain.HeadAsync();
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/works/{tokenId}/proof?block={head + 100}"), HttpStatusCode.BadRequest, "block");
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/works/{tokenId}/proof?block=-1"), HttpStatusCode.BadRequest, "block");
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync("/api/v1/works/x/proof"), HttpStatusCode.BadRequest, "tokenId");
    }

    /// <summary>The hex string with its last digit changed.</summary>
    private static string Flip(string hex) => hex[..^1] + (hex[^1] == '0' ? '1' : '0');
}
