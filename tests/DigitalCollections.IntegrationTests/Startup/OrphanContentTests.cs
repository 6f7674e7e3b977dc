using System.Security.Cryptography;
using DigitalCollections.Api.Storage;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.IntegrationTests.Startup;

/// <summary>Bytes a crashed request stored without recording its mint are swept when the API starts again.</summary>
[Collection(PipelineCollection.Name)]
public sealed class OrphanContentTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_restart_sweeps_stored_bytes_no_work_or_mint_refers_to()
    {
        var data = fixture.NewDataDirectory();
        var file = ApiClient.RandomFile();
        await using (var first = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data))
        {
            var client = new ApiClient(first.CreateClient());
            await client.MintedTokenIdAsync(await client.MintSelfSignedAsync(TestAccount.Carol, file, "Kept"));
            await first.KillAsync();
        }

        // What a request cut off between keeping its bytes and recording its mint leaves: a row nothing refers to.
        var orphan = Hex(RandomNumberGenerator.GetBytes(32));
        await using (var db = TestStore.Open(data))
        {
            db.StoredContents.Add(new StoredContent { ContentHash = orphan, Bytes = [1, 2, 3], StoredAtUnix = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds() });
            await db.SaveChangesAsync();
        }

        await using var again = await ApiProcess.StartAsync(fixture.Node.RpcUrl, fixture.Node.DeploymentFile, data);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await HeldAsync(data, orphan) && DateTime.UtcNow < deadline) await Task.Delay(200);

        Assert.False(await HeldAsync(data, orphan), "the unreferenced row is still there a minute after the start");
        Assert.True(await HeldAsync(data, ApiClient.HashOf(file)), "a work's bytes must stay");
    }

    private static string Hex(byte[] hash) => "0x" + Convert.ToHexStringLower(hash);

    private static async Task<bool> HeldAsync(string data, string hash)
    {
        await using var db = TestStore.Open(data);
        return await db.StoredContents.AnyAsync(c => c.ContentHash == hash);
    }
}
