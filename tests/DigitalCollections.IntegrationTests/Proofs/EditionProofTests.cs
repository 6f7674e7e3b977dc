using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigitalCollections.Api.Chain;
using DigitalCollections.IntegrationTests.Infrastructure;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace DigitalCollections.IntegrationTests.Proofs;

/// <summary>
/// GET /api/v1/works/{tokenId}/proof of edition tokens: one never moved (its owner the edition's first owner, read
/// through its group's word), one moved (its own word), one frozen, and the rules of a held, non-transferable
/// edition; each bundle checks against the node's block hash in Nethereum's checker and in scripts/verify-proof.js.
/// </summary>
[Collection(ChainCollection.Name)]
public sealed class EditionProofTests(ChainFixture fixture)
{
    // Hardhat's account #0: the deployer, which holds OPERATOR_ROLE.
    private static readonly TestAccount Operator = new("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    private readonly ApiClient _api = new(fixture.Api.CreateClient());
    private readonly DirectChain _chain = new(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);

    [Fact]
    public async Task Edition_tokens_never_moved_moved_and_frozen_prove_owner_number_work_and_rules()
    {
        var (creator, apiKey) = await _api.CreateAccountAsync("Edition prover");
        var file = ApiClient.RandomFile();
        // 70 tokens: the edition spans two groups of 64 ids, so a later token finds its edition through the cover.
        var first = await MintEditionAsync(apiKey, file, new() { ["title"] = "Proven edition", ["editionSize"] = "70", ["royaltyBps"] = "300" });
        var work = await _api.GetJsonAsync($"/api/v1/works/{first}");

        // Never moved: No. 5, and the last one (No. 70).
        foreach (var number in new[] { 5, 70 })
        {
            var claims = await ProvenClaimsAsync(first + number - 1);
            Assert.Equal(creator, claims.GetProperty("owner").GetString(), ignoreCase: true);
            Assert.Equal(creator, claims.GetProperty("creator").GetString(), ignoreCase: true);
            Assert.Equal(ApiClient.HashOf(file), claims.GetProperty("contentHash").GetString(), ignoreCase: true);
            Assert.Equal(work.GetProperty("registeredAt").GetDateTimeOffset().ToUnixTimeSeconds(), claims.GetProperty("registeredAt").GetInt64());
            Assert.Equal(300, claims.GetProperty("royaltyBps").GetInt32());
            var edition = claims.GetProperty("edition");
            Assert.Equal(first, edition.GetProperty("firstTokenId").GetInt64());
            Assert.Equal(number, edition.GetProperty("number").GetInt64());
            Assert.Equal(70, edition.GetProperty("size").GetInt64());
            Assert.Equal("edition", edition.GetProperty("ownerWord").GetString());
            Assert.Equal(0, edition.GetProperty("holdSeconds").GetInt64());
            Assert.True(edition.GetProperty("transferable").GetBoolean());
            Assert.False(edition.GetProperty("frozen").GetBoolean());
        }

        // Moved: No. 66 passes to Carol; before the move it was the creator's, after it is Carol's from its own word.
        var no66 = first + 65;
        var beforeMove = await _chain.HeadAsync();
        var moved = await _api.TransferCustodialAsync(apiKey, no66, TestAccount.Carol.Address);
        Assert.True(moved.StatusCode == HttpStatusCode.Created, await moved.Content.ReadAsStringAsync());
        var after = await ProvenClaimsAsync(no66);
        Assert.Equal(TestAccount.Carol.Address, after.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal("editionToken", after.GetProperty("edition").GetProperty("ownerWord").GetString());
        Assert.Equal(1, after.GetProperty("transferNonce").GetInt64());
        Assert.Equal(66, after.GetProperty("edition").GetProperty("number").GetInt64());
        var before = await ProvenClaimsAsync(no66, beforeMove);
        Assert.Equal(creator, before.GetProperty("owner").GetString(), ignoreCase: true);
        Assert.Equal("edition", before.GetProperty("edition").GetProperty("ownerWord").GetString());

        // Frozen by the operator: the freeze word is proven with its reason.
        await SendAsOperatorAsync(new FreezeFunction { TokenId = first + 6, ReasonCode = 9 });
        var frozen = (await ProvenClaimsAsync(first + 6)).GetProperty("edition");
        Assert.True(frozen.GetProperty("frozen").GetBoolean());
        Assert.Equal(9, frozen.GetProperty("freezeReason").GetInt64());
        await SendAsOperatorAsync(new UnfreezeFunction { TokenId = first + 6 });

        // A tampered edition word fails the check that covers it, in Nethereum's checker and in verify-proof.js.
        var (bundle, hash) = await ProofAsync(first + 4, null);
        var tampered = JsonNode.Parse(bundle.GetRawText())!;
        var group = tampered["storage"]!.AsArray().First(s => s!["name"]!.GetValue<string>() == "group")!;
        group["value"] = "0x" + (System.Numerics.BigInteger.Parse("0" + group["value"]!.GetValue<string>()[2..], System.Globalization.NumberStyles.HexNumber) ^ 1).ToString("x");
        Assert.Contains(ProofBundleChecker.Check(JsonDocument.Parse(tampered.ToJsonString()).RootElement, hash), c => c is { Check: "group storage proof", Passed: false });
        var (exit, output) = await NodeProofVerifier.RunAsync(tampered.ToJsonString(), hash);
        Assert.Equal(1, exit);
        Assert.Contains("group storage proof", output);
    }

    [Fact]
    public async Task A_held_edition_that_cannot_be_transferred_proves_its_rules_and_a_reserved_number_is_unknown()
    {
        var (_, apiKey) = await _api.CreateAccountAsync("Held edition");
        var first = await MintEditionAsync(apiKey, ApiClient.RandomFile(),
            new() { ["title"] = "Held", ["editionSize"] = "3", ["holdSeconds"] = "3600", ["transferable"] = "false" });
        var edition = (await ProvenClaimsAsync(first + 2)).GetProperty("edition");
        Assert.Equal(3600, edition.GetProperty("holdSeconds").GetInt64());
        Assert.False(edition.GetProperty("transferable").GetBoolean());
        Assert.Equal(3, edition.GetProperty("number").GetInt64());

        // Before the edition was minted, its tokens had no proof; a number past the edition is another token (unknown).
        var early = await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/works/{first + 1}/proof?block={_chain.DeployBlock}"),
            HttpStatusCode.NotFound, "block");
        Assert.Contains("not registered yet", early.GetProperty("detail").GetString());
        await ApiClient.AssertProblemAsync(await _api.Http.GetAsync($"/api/v1/works/{first + 3}/proof"), HttpStatusCode.NotFound, "tokenId");
    }

    private async Task<long> MintEditionAsync(string apiKey, byte[] file, Dictionary<string, string?> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works") { Content = ApiClient.WorkForm(file, fields) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await _api.MintedTokenIdAsync(await _api.Http.SendAsync(request));
    }

    private async Task<(JsonElement Bundle, string BlockHash)> ProofAsync(long tokenId, long? block)
    {
        var path = $"/api/v1/works/{tokenId}/proof" + (block is null ? "" : $"?block={block}");
        var response = await _api.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        var bundle = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("digitalcollections-edition-proof/1", bundle.GetProperty("format").GetString());
        var hash = await _chain.BlockHashAsync(bundle.GetProperty("block").GetProperty("number").GetInt64());
        var vector = Environment.GetEnvironmentVariable("DC_WRITE_EDITION_PROOF_VECTOR");
        if (!string.IsNullOrEmpty(vector)) await File.WriteAllTextAsync($"{vector}-{tokenId}-{bundle.GetProperty("block").GetProperty("number")}.json", body);
        return (bundle, hash);
    }

    /// <summary>The bundle's claims, after Nethereum's checker and scripts/verify-proof.js both found every check holding.</summary>
    private async Task<JsonElement> ProvenClaimsAsync(long tokenId, long? block = null)
    {
        var (bundle, hash) = await ProofAsync(tokenId, block);
        var checks = ProofBundleChecker.Check(bundle, hash);
        Assert.True(checks.All(c => c.Passed), string.Join(", ", checks.Where(c => !c.Passed).Select(c => c.Check)) + " failed");
        var (exit, output) = await NodeProofVerifier.RunAsync(bundle.GetRawText(), hash, "--chain-id", "31337", "--contract", bundle.GetProperty("contract").GetString()!);
        Assert.True(exit == 0, output);
        return bundle.GetProperty("claims");
    }

    private async Task SendAsOperatorAsync<TFunction>(TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new()
    {
        var web3 = new Web3(new Account(Operator.PrivateKeyHex, 31337), fixture.Node.RpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(_chain.Contract, function);
        Assert.Equal(1, (int)receipt.Status.Value);
    }
}
