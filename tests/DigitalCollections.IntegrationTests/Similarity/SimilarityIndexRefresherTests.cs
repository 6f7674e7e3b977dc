using System.Security.Cryptography;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Similarity;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalCollections.IntegrationTests.Similarity;

/// <summary>The similarity index follows the works table, including rows other instances commit out of id order.</summary>
[Collection(ChainCollection.Name)]
public sealed class SimilarityIndexRefresherTests(ChainFixture fixture)
{
    [PostgresFact]
    public async Task A_work_row_that_commits_after_a_newer_one_is_still_indexed()
    {
        var refresher = fixture.Api.Services.GetRequiredService<SimilarityIndexRefresher>();
        var index = fixture.Api.Services.GetRequiredService<SimilarityIndex>();
        var deployment = fixture.Api.Services.GetRequiredService<Deployment>();
        // Rows as another instance's finalizer writes them; token ids far beyond this chain's, removed at the end.
        var early = Row(deployment.Key);
        var late = Row(deployment.Key);

        await using var slow = TestStore.Open(fixture.Api.DataDirectory);
        await using var fast = TestStore.Open(fixture.Api.DataDirectory);
        try
        {
            // The slow transaction takes the lower id first and commits last.
            await using (var transaction = await slow.Database.BeginTransactionAsync())
            {
                slow.Works.Add(early);
                await slow.SaveChangesAsync();
                fast.Works.Add(late);
                await fast.SaveChangesAsync();
                Assert.True(early.Id < late.Id);

                await refresher.CatchUpAsync(CancellationToken.None);
                Assert.True(Indexed(index, late));
                Assert.False(Indexed(index, early));

                await transaction.CommitAsync();
            }

            await refresher.CatchUpAsync(CancellationToken.None);
            Assert.True(Indexed(index, early), "the row committed out of id order was skipped");
        }
        finally
        {
            await using var db = TestStore.Open(fixture.Api.DataDirectory);
            await db.Works.Where(w => w.TokenId == early.TokenId || w.TokenId == late.TokenId).ExecuteDeleteAsync();
        }
    }

    private static bool Indexed(SimilarityIndex index, WorkRecord row) =>
        index.Search(SimilarityCodeKind.Image, unchecked((ulong)row.SimilarityBits!.Value), 0, 10).Any(h => h.TokenId == row.TokenId);

    private static WorkRecord Row(string deploymentKey) => new()
    {
        DeploymentKey = deploymentKey,
        TokenId = 1_000_000_000 + Random.Shared.Next(1_000_000_000),
        ContentHash = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        Title = "Committed by another instance",
        ContentType = "image/png",
        Creator = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
        TransactionHash = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        BlockNumber = 1,
        RegisteredAt = DateTimeOffset.UtcNow,
        SimilarityKind = (int)SimilarityCodeKind.Image,
        SimilarityBits = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)),
    };
}
