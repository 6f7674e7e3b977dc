using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Iscc;
using DigitalCollections.Api.Similarity;
using DigitalCollections.Api.Storage;
using DigitalCollections.UnitTests.Iscc;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace DigitalCollections.UnitTests.Similarity;

/// <summary>Image works stored before variant codes were kept get them from their stored bytes, once.</summary>
public sealed class SimilarityBackfillTests
{
    private static readonly Deployment Deployment = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, "0x01", []);

    [Fact]
    public async Task An_image_work_without_variants_gets_them_stored_and_handed_to_the_index_once()
    {
        await using var database = await TempDatabase.CreateAsync();
        var store = new ContentStore(database.Directory.Path);
        using var scene = TestImages.Scene(320, 240);
        var png = TestImages.Encode(scene, SKEncodedImageFormat.Png);
        using var staged = await store.StageAsync(new MemoryStream(png), default);
        await store.CommitAsync(staged, database.Db, default);
        var fingerprint = ImageFingerprint.Compute(png);
        database.Db.Works.Add(new WorkRecord
        {
            DeploymentKey = Deployment.Key, TokenId = 7, ContentHash = staged.ContentHash, Title = "Old work", ContentType = "image/png",
            Creator = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", TransactionHash = $"0x{7:x64}", BlockNumber = 7,
            RegisteredAt = DateTimeOffset.UtcNow, IsccInstance = InstanceCodeHasher.Compute(png).Code, IsccContent = fingerprint.Code,
            ContentKind = WorkCodes.ImageKind, SimilarityKind = (int)SimilarityCodeKind.Image,
            SimilarityBits = unchecked((long)WorkCodes.Leading64(fingerprint.Code!)), SimilarityRegions = WorkCodes.PackCodes(fingerprint.Regions),
        });
        await database.Db.SaveChangesAsync();
        var backfill = new SimilarityBackfill(database.Db, store, new WorkCodeGenerator(), Deployment, NullLogger<SimilarityBackfill>.Instance);
        var handed = new List<(long TokenId, ulong[] Variants)>();

        var filled = await backfill.FillVariantsAsync((token, variants) => handed.Add((token, variants)), default);
        var again = await backfill.FillVariantsAsync((token, variants) => handed.Add((token, variants)), default);

        Assert.Equal(1, filled);
        Assert.Equal(0, again);
        Assert.NotEmpty(fingerprint.Variants);
        var (tokenId, codes) = Assert.Single(handed);
        Assert.Equal(7, tokenId);
        Assert.Equal(fingerprint.Variants, codes);
        var stored = await database.Db.Works.AsNoTracking().SingleAsync(w => w.TokenId == 7);
        Assert.Equal(fingerprint.Variants, WorkCodes.UnpackCodes(stored.SimilarityVariants));
    }
}
