using System.Security.Cryptography;
using DigitalCollections.IntegrationTests.Infrastructure;

namespace DigitalCollections.IntegrationTests.Startup;

/// <summary>A data folder whose custodial accounts were sealed with a master key starts only with that key.</summary>
[Collection(PipelineCollection.Name)]
public sealed class MasterKeyTests(PipelineFixture fixture)
{
    private Task<ApiProcess> StartAsync(string data, IReadOnlyDictionary<string, string>? settings = null) =>
        ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data, settings);

    private async Task<string> RefusalAsync(string data, IReadOnlyDictionary<string, string>? settings = null)
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var started = await StartAsync(data, settings);
        });
        Assert.StartsWith("The API exited", e.Message);
        return e.Message;
    }

    [Fact]
    public async Task A_missing_or_different_master_key_refuses_to_start_and_the_right_one_still_signs()
    {
        var data = fixture.NewDataDirectory();
        var keyFile = Path.Combine(data, "master.key");
        string apiKey;
        await using (var first = await StartAsync(data))
        {
            var client = new ApiClient(first.CreateClient());
            (_, apiKey) = await client.CreateAccountAsync("Sealed");
            await client.MintedTokenIdAsync(await client.MintCustodialAsync(apiKey, ApiClient.RandomFile()));
        }
        var original = await File.ReadAllTextAsync(keyFile); // generated on chain 31337

        // The key file is gone: no new key is generated, the start is refused naming the setting.
        File.Delete(keyFile);
        var missing = await RefusalAsync(data);
        Assert.Contains("Custody:MasterKey", missing);
        Assert.False(File.Exists(keyFile), "a refused start must not leave a new key behind");

        // Another key, configured: refused, and neither key appears in the output.
        var other = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var different = await RefusalAsync(data, new Dictionary<string, string> { ["Custody:MasterKey"] = other });
        Assert.Contains("Custody:MasterKey", different);
        Assert.DoesNotContain(other, different);
        Assert.DoesNotContain(original.Trim(), different);

        // The original key, configured: it starts and the account still signs.
        await using var again = await StartAsync(data, new Dictionary<string, string> { ["Custody:MasterKey"] = original.Trim() });
        var mint = await new ApiClient(again.CreateClient()).MintCustodialAsync(apiKey, ApiClient.RandomFile());
        await new ApiClient(again.CreateClient()).MintedTokenIdAsync(mint);
    }
}
