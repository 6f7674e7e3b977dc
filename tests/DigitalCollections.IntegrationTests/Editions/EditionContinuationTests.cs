using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using DigitalCollections.Api.Chain;
using DigitalCollections.IntegrationTests.Infrastructure;
using DigitalCollections.IntegrationTests.Transactions;

namespace DigitalCollections.IntegrationTests.Editions;

/// <summary>
/// Editions larger than one transaction's gas: the first chunk answers the POST, the rest follow through the
/// outbox until editionMinted reaches the size. Their own node: these editions take thousands of ids.
/// </summary>
public sealed class EditionContinuationTests : IClassFixture<PipelineFixture>
{
    private readonly PipelineFixture _fixture;
    private readonly DirectChain _chain;

    private readonly ITestOutputHelper _output;

    public EditionContinuationTests(PipelineFixture fixture, ITestOutputHelper output)
    {
        _output = output;
        _fixture = fixture;
        _chain = new DirectChain(fixture.Node.RpcUrl, fixture.Node.DeploymentFile);
    }

    private static readonly Dictionary<string, string> Settings = new() { ["Chain:ConfirmationWaitSeconds"] = "60" };

    [Fact]
    public async Task A_self_signed_edition_of_10000_is_minted_in_full()
    {
        var data = _fixture.NewDataDirectory();
        await using var api = await ApiProcess.StartAsync(_fixture.Node.RpcUrl, _fixture.Node.DeploymentFile, data, Settings);
        var client = new ApiClient(api.CreateClient());
        var creator = TestAccount.Alice;
        var response = await MintSelfSignedEditionAsync(client, creator, ApiClient.RandomFile(), 10_000);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var first = body.GetProperty("tokens").GetProperty("first").GetInt64();
        Assert.Equal(first + 9_999, body.GetProperty("tokens").GetProperty("last").GetInt64());
        var mintedAtAnswer = body.GetProperty("minted").GetInt32();
        Assert.InRange(mintedAtAnswer, 1, 9_999); // more than one transaction's worth: the rest follows

        var work = await WaitUntilMintedAsync(client, first, 10_000);
        Assert.Equal(10_000, work.GetProperty("edition").GetProperty("minted").GetInt32());
        Assert.Equal(creator.Address, await _chain.OwnerOfAsync(first + 9_999), ignoreCase: true);
        Assert.Equal(creator.Address, await _chain.OwnerOfAsync(first + mintedAtAnswer), ignoreCase: true);
        // As few transactions as the cap allows: 5,177 tokens, then the other 4,823.
        var rows = await PipelineFixture.OutboxAsync(data);
        Assert.Equal(2, rows.Count);
        var web3 = new Nethereum.Web3.Web3(_fixture.Node.RpcUrl);
        foreach (var row in rows.OrderBy(r => r.CreatedAt))
            _output.WriteLine($"{row.Kind}: gas used {(await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(row.TransactionHash)).GasUsed.Value:N0}, limit {row.GasLimit:N0}");
    }

    [Fact]
    public async Task A_custodial_edition_to_300_fresh_recipients_reaches_each_in_order()
    {
        await using var api = await ApiProcess.StartAsync(_fixture.Node.RpcUrl, _fixture.Node.DeploymentFile, _fixture.NewDataDirectory(), Settings);
        var client = new ApiClient(api.CreateClient());
        var (_, apiKey) = await client.CreateAccountAsync("Gift maker");
        var recipients = Enumerable.Range(0, 300).Select(_ => ChainKeys.AddressOf(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).ToList();
        var response = await MintCustodialEditionAsync(client, apiKey, ApiClient.RandomFile(), 300, recipients);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var first = body.GetProperty("tokens").GetProperty("first").GetInt64();
        Assert.InRange(body.GetProperty("minted").GetInt32(), 1, 299);

        await WaitUntilMintedAsync(client, first, 300, api);
        foreach (var number in new[] { 1, 150, 201, 250, 300 })
            Assert.Equal(recipients[number - 1], await _chain.OwnerOfAsync(first + number - 1), ignoreCase: true);
    }

    [Fact]
    public async Task A_kill_mid_continuation_resumes_and_never_mints_twice()
    {
        var data = _fixture.NewDataDirectory();
        long first;
        await using (var api = await ApiProcess.StartAsync(_fixture.Node.RpcUrl, _fixture.Node.DeploymentFile, data, Settings))
        {
            var client = new ApiClient(api.CreateClient());
            var (_, apiKey) = await client.CreateAccountAsync("Crash maker");
            var response = await MintCustodialEditionAsync(client, apiKey, ApiClient.RandomFile(), 10_000, null);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            first = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokens").GetProperty("first").GetInt64();
            await api.KillAsync(); // right after the first chunk: the next is queued, sent or not yet planned
        }
        await using var second = await ApiProcess.StartAsync(_fixture.Node.RpcUrl, _fixture.Node.DeploymentFile, data, Settings);
        var resumed = new ApiClient(second.CreateClient());
        await WaitUntilMintedAsync(resumed, first, 10_000);
        // The chain can say 10,000 a moment before the finalizer has recorded the last chunk's confirmation.
        var outbox = await PipelineFixture.OutboxAsync(data);
        for (var until = DateTime.UtcNow.AddSeconds(30); outbox.Any(t => t.State != "confirmed") && DateTime.UtcNow < until; await Task.Delay(200))
            outbox = await PipelineFixture.OutboxAsync(data);
        Assert.All(outbox, t => Assert.Equal("confirmed", t.State));
        await _fixture.AssertNoNonceGapsAsync(outbox);
        Assert.Equal(10_000, await _chain.EditionMintedAsync(first));
    }

    private static async Task<JsonElement> WaitUntilMintedAsync(ApiClient client, long first, int size, ApiProcess? api = null)
    {
        var until = DateTime.UtcNow.AddMinutes(TestStore.IsPostgres ? 1 : 3);
        while (true)
        {
            var work = await client.GetJsonAsync($"/api/v1/works/{first}");
            if (work.GetProperty("edition").GetProperty("minted").GetInt32() == size) return work;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Edition {first}: {work.GetProperty("edition")} after 3 minutes. "
                + string.Join('\n', (api?.Output ?? "").Split('\n').Where(l => l.Contains("dition") || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(30)));
            await Task.Delay(500);
        }
    }

    private static async Task<HttpResponseMessage> MintSelfSignedEditionAsync(ApiClient client, TestAccount creator, byte[] file, int size)
    {
        var deadline = ApiClient.InOneHour;
        var edition = new EditionAuthorization
        {
            Creator = creator.Address, To = creator.Address, ContentHash = ApiClient.HashOf(file), RoyaltyBps = 0,
            EditionSize = size, HoldSeconds = 0, Transferable = true, Deadline = deadline,
        };
        var domain = await client.DomainAsync();
        var signature = Formats.ToHex(Secp256k1.SignDigest(creator.PrivateKey, EditionEncoding.Digest(edition, domain)));
        return await client.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "Ten thousand", ["creator"] = creator.Address, ["deadline"] = deadline.ToString(),
            ["signature"] = signature, ["editionSize"] = size.ToString(),
        }));
    }

    private static async Task<HttpResponseMessage> MintCustodialEditionAsync(ApiClient client, string apiKey, byte[] file, int size, IReadOnlyList<string>? recipients)
    {
        var fields = new Dictionary<string, string?> { ["title"] = "Many", ["editionSize"] = size.ToString() };
        var form = ApiClient.WorkForm(file, fields);
        foreach (var r in recipients ?? []) form.Add(new StringContent(r), "recipients");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/works") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await client.Http.SendAsync(request);
    }
}
