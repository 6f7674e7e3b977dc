using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.ChainInfo;

/// <summary>A node and an API of its own: these tests move the chain's clock, which the shared chain must not see.</summary>
public abstract class OwnChainTest : IAsyncLifetime
{
    protected HardhatNode Node { get; private set; } = null!;
    protected ApiFactory Api { get; private set; } = null!;
    protected ApiClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await HardhatNode.StartAsync();
        Api = new ApiFactory(Node.RpcUrl, Node.DeploymentFile, Path.Combine(Node.WorkDirectory, "data"));
        Client = new ApiClient(Api.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Node.DisposeAsync();
    }

    /// <summary>Many evm_mine calls in JSON-RPC batches: blocks as quick as automined mints under load.</summary>
    protected async Task MineQuicklyAsync(int blocks)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        for (var done = 0; done < blocks;)
        {
            var batch = Enumerable.Range(0, Math.Min(500, blocks - done))
                .Select(i => new { jsonrpc = "2.0", id = i, method = "evm_mine", @params = Array.Empty<object>() }).ToArray();
            var answer = await http.PostAsJsonAsync(Node.RpcUrl, batch);
            answer.EnsureSuccessStatusCode();
            done += batch.Length;
        }
    }

    /// <summary>The chain's latest block time minus the wall clock, in seconds, as the node itself says.</summary>
    protected async Task<long> NodeClockOffsetAsync()
    {
        var latest = await Node.RpcAsync("eth_getBlockByNumber", "latest", false);
        return Convert.ToInt64(latest.GetProperty("timestamp").GetString(), 16) - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    protected async Task<HttpResponseMessage> MintSignedAsync(TestAccount creator, byte[] file, long deadline) =>
        await Client.Http.PostAsync("/api/v1/works", ApiClient.WorkForm(file, new Dictionary<string, string?>
        {
            ["title"] = "Signed by the wall clock",
            ["creator"] = creator.Address,
            ["deadline"] = deadline.ToString(),
            ["signature"] = await Client.SignMintAsync(creator, file, deadline: deadline),
        }));

    /// <summary>Polls GET /api/v1/chain until its clock offset satisfies <paramref name="until"/> (the index follows the node).</summary>
    protected async Task<JsonElement> ChainClockAsync(Func<long, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var clock = (await Client.GetJsonAsync("/api/v1/chain")).GetProperty("clock");
            if (until(clock.GetProperty("offsetSeconds").GetInt64()) || DateTime.UtcNow > deadline) return clock;
            await Task.Delay(100);
        }
    }
}

/// <summary>
/// Quick blocks once pushed the local chain's clock a second ahead per block, until every mint's deadline had
/// passed on chain; the dev chain's config now keeps its clock with the wall clock.
/// </summary>
public sealed class QuickBlocksClockTests : OwnChainTest
{
    [Fact]
    public async Task After_5000_quick_blocks_custodial_and_wallet_signed_mints_are_accepted()
    {
        var (_, apiKey) = await Client.CreateAccountAsync("Quick");
        await MineQuicklyAsync(5000);

        var custodial = await Client.MintCustodialAsync(apiKey, ApiClient.RandomFile());
        Assert.True(custodial.StatusCode == HttpStatusCode.Created, $"custodial mint: {(int)custodial.StatusCode} {await custodial.Content.ReadAsStringAsync()}");
        // What ethers or MetaMask would sign: the wall clock plus ten minutes.
        var signed = await MintSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());
        Assert.True(signed.StatusCode == HttpStatusCode.Created, $"wallet-signed mint: {(int)signed.StatusCode} {await signed.Content.ReadAsStringAsync()}");

        var offset = await NodeClockOffsetAsync();
        Assert.True(offset < 60, $"the chain's clock runs {offset} s ahead of the wall clock after 5,000 quick blocks");
        var reported = (await ChainClockAsync(_ => true)).GetProperty("offsetSeconds").GetInt64();
        Assert.InRange(reported, offset - 5, offset + 5);
    }
}

/// <summary>A chain whose clock runs ahead of the wall clock (here: evm_increaseTime), as any chain's may.</summary>
public sealed class ChainClockAheadTests : OwnChainTest
{
    private const long Ahead = 7200; // past the custodial authorisations' hour

    [Fact]
    public async Task Deadlines_the_api_sets_count_from_the_chain_and_readiness_warns()
    {
        var (_, apiKey) = await Client.CreateAccountAsync("Ahead");
        await Node.RpcAsync("evm_increaseTime", Ahead);
        await Node.RpcAsync("evm_mine");

        // GET /api/v1/chain reports the offset once the index has the new block.
        var clock = await ChainClockAsync(offset => offset > Ahead - 60);
        Assert.InRange(clock.GetProperty("offsetSeconds").GetInt64(), Ahead - 60, Ahead + 60);
        Assert.Equal(Convert.ToInt64((await Node.RpcAsync("eth_blockNumber")).GetString(), 16), clock.GetProperty("blockNumber").GetInt64());

        // Readiness stays ready (200) and warns: the clock check is degraded, with the offset.
        var ready = await Client.Http.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        var check = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "chainClock");
        Assert.Equal("degraded", check.GetProperty("status").GetString());
        Assert.Contains("ahead", check.GetProperty("description").GetString());

        // A custodial mint and transfer: the API's own deadline counts from the chain's clock.
        var minted = await Client.MintCustodialAsync(apiKey, ApiClient.RandomFile());
        var tokenId = await Client.MintedTokenIdAsync(minted);
        var transfer = await Client.TransferCustodialAsync(apiKey, tokenId, TestAccount.Carol.Address);
        Assert.True(transfer.StatusCode == HttpStatusCode.Created, await transfer.Content.ReadAsStringAsync());

        // A wallet's deadline ten minutes past the wall clock has passed on this chain: the client sent it, so it is named.
        var signed = await MintSignedAsync(TestAccount.Alice, ApiClient.RandomFile(), DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());
        var problem = await ApiClient.AssertProblemAsync(signed, HttpStatusCode.BadRequest, "deadline");
        Assert.EndsWith(":authorization-expired", problem.GetProperty("type").GetString());
        Assert.Contains("ahead of this server's clock", problem.GetProperty("detail").GetString());
    }
}
